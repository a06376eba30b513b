import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { dataDirectory, loadSettings } from '@wright/agent';
import { isWrightError } from '@wright/core';
import { type BatchResult, formatBatchSummary, readTasksFile, runBatch, type TaskSpec } from '@wright/runner';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue, stringValue } from '../command-definition.js';
import { terminalTrust } from '../config/trust/terminal-trust.js';
import { exitCodes, usageFailure } from '../exit-codes.js';
import { formatCost, formatDuration } from '../render/format-numbers.js';
import { printJson, printText } from '../render/print-text.js';
import { colorEnabled, createStyle } from '../render/style.js';
import { fileName, own, trusted, untrusted, untrustedLine } from '../render/terminal-text.js';
import { announceSandbox } from '../sandbox/resolve-sandbox.js';
import { createBatchTaskSetup } from './batch-task-setup.js';
import { watchInterrupts } from './interrupts.js';
import { settingFlags } from './run-flags.js';

/** `wright batch`: many tasks, each in its own worktree; a results JSONL and a summary table. */
export async function executeBatch(input: CommandInput, context: CliContext): Promise<number> {
  const tasksPath = resolve(context.cwd, input.positionals[0] ?? '');
  const concurrency = wholeNumber(stringValue(input, 'concurrency') ?? '4', '--concurrency');
  const resultsPath = resolve(
    context.cwd,
    stringValue(input, 'results') ?? `${tasksPath.replace(/\.jsonl$/, '')}.results.jsonl`,
  );
  let tasks: TaskSpec[];
  try {
    tasks = await readTasksFile(tasksPath);
  } catch (error) {
    if (!isWrightError(error)) throw error;
    throw usageFailure(`wright batch: ${error.message.split('\n').join('; ')}`, 'fix the tasks file');
  }
  const settings = await loadSettings({
    env: context.env,
    projectDirectory: dirname(tasksPath),
    flags: settingFlags(input),
    trust: terminalTrust(context),
  });
  const json = flagValue(input, 'json');
  const style = createStyle(!json && colorEnabled(context.stdout, context.env));
  const sandbox = await announceSandbox(settings, context.env, (line) =>
    printText(context.stderr, own`${untrustedLine(line)}\n`),
  );
  const setup = await createBatchTaskSetup({
    settings,
    sandbox,
    cwd: dirname(tasksPath),
    systemFrom: dirname(tasksPath),
  });
  const interrupts = watchInterrupts();
  let results: BatchResult[];
  try {
    await mkdir(dirname(resultsPath), { recursive: true });
    await writeFile(resultsPath, '');
    results = await runBatch({
      tasks,
      concurrency,
      resultsPath,
      dataDirectory: dataDirectory(context.env),
      createModel: setup.createModel,
      tools: setup.tools,
      releaseTools: setup.releaseTools,
      ...(setup.system === undefined ? {} : { system: setup.system }),
      ...(setup.agent === undefined ? {} : { agent: setup.agent }),
      secrets: setup.secrets,
      protection: setup.protection,
      sandbox: setup.sandbox,
      onProgress: (progress) => {
        if (json) {
          if (progress.type === 'task-end') printJson(context.stdout, progress.result);
          return;
        }
        const counter = own`[${progress.completed}/${progress.total}]`;
        if (progress.type === 'task-start') {
          printText(
            context.stdout,
            style.dim(own`${counter} started ${untrustedLine(progress.id)} (${progress.running} running)\n`),
          );
          return;
        }
        const result = progress.result;
        const mark = result.status === 'done' ? style.green(trusted('✓')) : style.red(trusted('✗'));
        printText(
          context.stdout,
          own`${counter} ${mark} ${untrustedLine(result.id)} ${trusted(result.status)} · ${result.steps} steps · ${formatCost(result.cost)} · ${formatDuration(result.durationMs)}\n`,
        );
      },
      signal: interrupts.signal,
    });
  } finally {
    interrupts.dispose();
    await setup.close();
  }
  if (!json) {
    // The summary table quotes task ids from the tasks file: sanitised like any workspace text.
    printText(
      context.stdout,
      own`\n${untrusted(formatBatchSummary(results))}\nresults: ${fileName(resultsPath)}\n`,
    );
  }
  if (interrupts.signal.aborted) return interrupts.exitCode() ?? exitCodes.interrupted;
  return batchExitCode(results);
}

/** Errors first, then failed checks, then budgets: the worst outcome decides. */
export function batchExitCode(results: BatchResult[]): number {
  const statuses = new Set(results.map((result) => result.status));
  if (statuses.has('aborted')) return exitCodes.interrupted;
  if (statuses.has('error') || statuses.has('stopped')) return exitCodes.failure;
  if (statuses.has('check-failed')) return exitCodes.checkFailed;
  if (statuses.has('budget-exceeded')) return exitCodes.budget;
  return exitCodes.ok;
}

function wholeNumber(text: string, flag: string): number {
  const value = Number(text);
  if (Number.isInteger(value) && value > 0) return value;
  throw usageFailure(`wright batch: ${flag} must be a positive whole number (got '${text}')`);
}
