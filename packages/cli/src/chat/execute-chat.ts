import { dataDirectory, loadSettings } from '@wright/agent';
import { type ApprovalRequest, addUsage, emptyUsage } from '@wright/core';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue, stringValue } from '../command-definition.js';
import { terminalTrust } from '../config/trust/terminal-trust.js';
import { exitCodes, isCliFailure } from '../exit-codes.js';
import { colorDiff } from '../render/color-diff.js';
import { formatCost, formatPercent, formatTokens } from '../render/format-numbers.js';
import { printText } from '../render/print-text.js';
import { createRunOutput, type RunOutput } from '../render/run-output.js';
import { colorEnabled, createStyle } from '../render/style.js';
import { fileName, own, type TerminalText, trusted, untrustedLine } from '../render/terminal-text.js';
import { announceSandbox } from '../sandbox/resolve-sandbox.js';
import { watchInterrupts } from '../session/interrupts.js';
import { languageServersFor } from '../session/language-servers.js';
import { resolveModelAccess } from '../session/model-access.js';
import { performRun } from '../session/perform-run.js';
import { settingFlags, workspaceDirectory } from '../session/run-flags.js';
import { sessionDiff, undoLastStep } from '../session/session-operations.js';
import { createTerminalApprover, createUnsandboxedRerunPrompt } from './ask-approval.js';
import { compactionThreshold, lastContextTokens } from './compaction-threshold.js';
import { customCommandHelp, customCommandPrompt } from './custom-slash-command.js';
import { createLineReader } from './line-reader.js';
import { parseSlashCommand, slashHelp } from './slash-commands.js';

/** `wright chat`: prompts in a loop, one session throughout; Ctrl-C cancels the current step only. */
export async function executeChat(input: CommandInput, context: CliContext): Promise<number> {
  const cwd = await workspaceDirectory(input, context.cwd);
  const settings = await loadSettings({
    env: context.env,
    projectDirectory: cwd,
    flags: settingFlags(input),
    trust: terminalTrust(context),
  });
  const access = resolveModelAccess(settings);
  const style = createStyle(colorEnabled(context.stdout, context.env));
  const write = (text: TerminalText) => printText(context.stdout, text);
  const reader = createLineReader(context.stdin, context.stdout);
  const askPerson = createTerminalApprover({ reader, write, style });
  let currentOutput: RunOutput | undefined;
  const approve = (request: ApprovalRequest) =>
    currentOutput === undefined ? askPerson(request) : currentOutput.interact(() => askPerson(request));
  const sandbox = await announceSandbox(settings, context.env, (line) =>
    printText(context.stderr, own`${untrustedLine(line)}\n`),
  );
  const askRerun = createUnsandboxedRerunPrompt({ reader, write, style });
  // Offered only to a person at a terminal: piped input would answer the question with the next task.
  const askToRunUnsandboxed =
    context.stdin.isTTY === true
      ? (request: { command: string; note: string }) =>
          currentOutput === undefined ? askRerun(request) : currentOutput.interact(() => askRerun(request))
      : undefined;
  // One set of language servers for the whole chat: a prompt's first edit does not pay a server start again.
  const languageServers = await languageServersFor(settings, sandbox, (event) =>
    currentOutput?.event({ ...event, time: Date.now() }),
  );
  const totals = { usage: emptyUsage(), cost: 0, steps: 0 };
  let sessionId = stringValue(input, 'resume');
  // Set once a message ran here: later messages continue the session rather than start it (session_start hooks).
  let startedHere = false;
  let compactNext = false;
  let running: AbortController | undefined;
  let interruptedAtPrompt = false;

  const compactionFor = async (session: string | undefined, model: string) => {
    const tokens =
      session === undefined
        ? undefined
        : await lastContextTokens({
            cwd,
            dataDirectory: dataDirectory(context.env),
            sessionId: session,
          }).catch(() => undefined);
    return compactionThreshold(tokens, model);
  };

  // SIGTERM and SIGHUP (the terminal closed) end the chat: the running step stops cleanly, then the loop ends.
  const termination = watchInterrupts(['SIGTERM', 'SIGHUP']);
  termination.signal.addEventListener('abort', () => {
    running?.abort();
    reader.close();
  });

  reader.onInterrupt(() => {
    if (running !== undefined) {
      running.abort();
      return;
    }
    if (interruptedAtPrompt) {
      reader.close();
      return;
    }
    interruptedAtPrompt = true;
    write(style.dim(trusted('\n(Ctrl-C again or /exit to leave)\n')));
  });

  write(
    style.dim(
      own`wright chat · ${untrustedLine(access.model)} via ${untrustedLine(access.provider)} · ${fileName(cwd)}\nType a task; /help lists commands; Ctrl-C cancels a running step.\n`,
    ),
  );
  for (;;) {
    const line = await reader.read(style.bold(trusted('› ')));
    if (line === null) {
      // End of input (Ctrl-D) leaves the cursor after the prompt; give the shell a fresh line.
      write(trusted('\n'));
      break;
    }
    const text = line.trim();
    if (text === '') continue;
    interruptedAtPrompt = false;
    const folders = { projectDirectory: cwd, userDirectory: settings.configDirectory };
    const custom = text.startsWith('/') ? await customCommandPrompt(text, folders) : undefined;
    if (custom !== undefined && 'error' in custom) {
      write(own`${style.yellow(untrustedLine(custom.error))}\n`);
      continue;
    }
    if (text.startsWith('/') && custom === undefined) {
      const action = parseSlashCommand(text);
      if (action.kind === 'exit') break;
      if (action.kind === 'help') write(own`${trusted(slashHelp)}\n${await customCommandHelp(folders)}`);
      if (action.kind === 'invalid') write(own`${style.yellow(untrustedLine(action.message))}\n`);
      if (action.kind === 'thinking') {
        settings.thinking = action.enabled ? 'on' : 'off';
        write(own`thinking ${trusted(action.enabled ? 'on' : 'off')} for the next prompts\n`);
      }
      if (action.kind === 'model') {
        if (action.model !== undefined) access.model = action.model;
        write(own`model: ${untrustedLine(access.model)}\n`);
      }
      if (action.kind === 'compact') {
        compactNext = sessionId !== undefined;
        write(
          trusted(
            compactNext
              ? 'the conversation will be compacted before the next prompt\n'
              : 'nothing to compact yet: no step has run in this chat\n',
          ),
        );
      }
      if (action.kind === 'cost') {
        const rate =
          totals.usage.inputTokens === 0 ? 0 : totals.usage.cachedInputTokens / totals.usage.inputTokens;
        write(
          own`${totals.steps} steps · ${formatTokens(totals.usage.inputTokens)} in (cache ${formatPercent(rate)}) · ${formatTokens(totals.usage.outputTokens)} out · ${formatCost(totals.cost)}\n`,
        );
      }
      if (action.kind === 'diff' || action.kind === 'undo') {
        if (sessionId === undefined) {
          write(trusted('nothing yet: no step has run in this chat\n'));
          continue;
        }
        const operation = { cwd, dataDirectory: dataDirectory(context.env), session: sessionId };
        try {
          if (action.kind === 'diff') {
            const diff = await sessionDiff(operation);
            write(diff.trim() === '' ? trusted('no changes\n') : own`${colorDiff(diff.trimEnd(), style)}\n`);
          } else {
            write(own`${untrustedLine(await undoLastStep(operation, { force: action.force }))}\n`);
          }
        } catch (error) {
          const hint = isCliFailure(error) && error.hint ? `; ${error.hint}` : '';
          const message = error instanceof Error ? `${error.message}${hint}` : String(error);
          write(own`${style.red(untrustedLine(message))}\n`);
        }
      }
      continue;
    }

    running = new AbortController();
    const output = createRunOutput({
      context,
      json: false,
      hideReasoning: flagValue(input, 'hide-reasoning'),
    });
    currentOutput = output;
    try {
      const result = await performRun({
        task: custom?.prompt ?? text,
        cwd,
        settings,
        access,
        resume: sessionId,
        continues: sessionId !== undefined && startedHere,
        worktree: false,
        dataDirectory: dataDirectory(context.env),
        output,
        signal: running.signal,
        approve,
        sandbox,
        ...(askToRunUnsandboxed === undefined ? {} : { askToRunUnsandboxed }),
        languageServers,
        compactionThreshold: compactNext ? await compactionFor(sessionId, access.model) : undefined,
      });
      compactNext = false;
      startedHere = true;
      if (result.sessionId !== undefined) sessionId = result.sessionId;
      if (result.usage !== undefined) totals.usage = addUsage(totals.usage, result.usage);
      totals.cost += result.cost ?? 0;
      totals.steps += result.steps ?? 0;
      output.finish(result);
    } catch (error) {
      write(own`${style.red(untrustedLine(error instanceof Error ? error.message : String(error)))}\n`);
    } finally {
      running = undefined;
      currentOutput = undefined;
    }
  }
  reader.close();
  termination.dispose();
  await languageServers?.close();
  return termination.exitCode() ?? exitCodes.ok;
}
