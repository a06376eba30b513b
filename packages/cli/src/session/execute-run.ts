import { dataDirectory, loadSettings } from '@wright/agent';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue, stringValue } from '../command-definition.js';
import { terminalTrust } from '../config/trust/terminal-trust.js';
import { usageFailure } from '../exit-codes.js';
import { createRunOutput } from '../render/run-output.js';
import { untrustedLine } from '../render/terminal-text.js';
import { announceSandbox } from '../sandbox/resolve-sandbox.js';
import { customCommandTask } from './custom-command-task.js';
import { watchInterrupts } from './interrupts.js';
import { resolveModelAccess } from './model-access.js';
import { performRun } from './perform-run.js';
import { durationMs, positiveNumber, settingFlags, workspaceDirectory } from './run-flags.js';

/** `wright run`: one autonomous task, then exit with the contract's exit code. */
export async function executeRun(input: CommandInput, context: CliContext): Promise<number> {
  const commandName = stringValue(input, 'command');
  if (commandName === undefined && input.positionals.length === 0) {
    throw usageFailure(
      'wright run: missing argument (usage: wright run [options] <task>)',
      'pass the task, or --command <name>',
    );
  }
  const words = input.positionals.join(' ').trim();
  if (commandName === undefined && words === '')
    throw usageFailure('wright run: the task is empty', 'pass the task as an argument');
  const cwd = await workspaceDirectory(input, context.cwd);
  const settings = await loadSettings({
    env: context.env,
    projectDirectory: cwd,
    flags: settingFlags(input),
    trust: terminalTrust(context),
  });
  const task =
    commandName === undefined
      ? words
      : await customCommandTask({
          name: commandName,
          args: input.positionals,
          projectDirectory: cwd,
          userDirectory: settings.configDirectory,
        });
  const maxCostUsd = positiveNumber(input, 'max-cost');
  const maxTokens = positiveNumber(input, 'max-tokens');
  const maxDurationMs = durationMs(input, 'max-time');
  if (maxCostUsd !== undefined) settings.maxCostUsd = maxCostUsd;
  if (maxTokens !== undefined) settings.maxTokens = Math.floor(maxTokens);
  if (maxDurationMs !== undefined) settings.maxDurationMs = maxDurationMs;
  const access = resolveModelAccess(settings);
  const output = createRunOutput({
    context,
    json: flagValue(input, 'json'),
    hideReasoning: flagValue(input, 'hide-reasoning'),
  });
  const sandbox = await announceSandbox(settings, context.env, (line) => output.warn(untrustedLine(line)));
  const interrupts = watchInterrupts();
  try {
    const result = await performRun({
      sandbox,
      task,
      cwd,
      settings,
      access,
      check: stringValue(input, 'check') ?? settings.check,
      resume: stringValue(input, 'resume'),
      worktree: flagValue(input, 'worktree'),
      dataDirectory: dataDirectory(context.env),
      output,
      signal: interrupts.signal,
    });
    // SIGTERM and SIGHUP stop a run like Ctrl-C does, and the exit code says which signal it was.
    const stoppedBy = interrupts.exitCode();
    if (result.status === 'interrupted' && stoppedBy !== undefined) result.exitCode = stoppedBy;
    output.finish(result);
    return result.exitCode;
  } finally {
    interrupts.dispose();
  }
}
