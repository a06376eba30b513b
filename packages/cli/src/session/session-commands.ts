import { readFile } from 'node:fs/promises';
import { dataDirectory } from '@wright/agent';
import { loadSession } from '@wright/core';
import { createSessionStore } from '@wright/runner';
import { projectDiskUsage } from '@wright/runner/internal';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue, stringValue } from '../command-definition.js';
import { exitCodes, usageFailure } from '../exit-codes.js';
import { colorDiff } from '../render/color-diff.js';
import { createHumanRenderer, untrustedIndent } from '../render/human-renderer.js';
import { printJson, printText } from '../render/print-text.js';
import { colorEnabled, createStyle } from '../render/style.js';
import { createTerminalOutput } from '../render/terminal-output.js';
import { fileName, own, trusted, untrusted, untrustedLine } from '../render/terminal-text.js';
import { formatBytes } from './format-bytes.js';
import { workspaceDirectory } from './run-flags.js';
import { resolveSession, restoreStep, sessionDiff } from './session-operations.js';

/** `wright sessions`: the project's sessions, newest first. */
export async function executeSessions(input: CommandInput, context: CliContext): Promise<number> {
  const cwd = await workspaceDirectory(input, context.cwd);
  const store = await createSessionStore({ dataDirectory: dataDirectory(context.env), cwd });
  const sessions = await store.list();
  if (flagValue(input, 'json')) {
    for (const session of sessions) printJson(context.stdout, session);
    return exitCodes.ok;
  }
  if (sessions.length === 0) {
    printText(context.stdout, own`no sessions yet for ${fileName(store.repoRoot)}\n`);
    return exitCodes.ok;
  }
  const usage = await projectDiskUsage(store);
  const size = (bytes: number) => trusted(formatBytes(bytes));
  printText(
    context.stdout,
    own`${fileName(store.repoRoot)}: ${size(usage.total)} on disk (snapshots ${size(usage.snapshots)}, sessions ${size(usage.sessions)}, worktrees ${size(usage.worktrees)})\n`,
  );
  for (const session of sessions) {
    const outcome = untrustedLine((session.reason ?? session.status).padEnd(12));
    const mode =
      session.mode === 'worktree' ? own` [${untrustedLine(session.branch ?? 'worktree')}]` : trusted('');
    const updated = untrustedLine(session.updated.slice(0, 19).replace('T', ' '));
    // The title is the task's first line: a prompt can come from anywhere (a tasks file, a script).
    printText(
      context.stdout,
      own`${untrustedLine(session.id)}  ${outcome} ${trusted(String(session.steps).padStart(3))} steps  ${updated}  ${untrustedLine(session.title)}${mode}\n`,
    );
  }
  return exitCodes.ok;
}

/** `wright show <session>`: the transcript replayed from the journal, or its raw events. */
export async function executeShow(input: CommandInput, context: CliContext): Promise<number> {
  const cwd = await workspaceDirectory(input, context.cwd);
  const store = await createSessionStore({ dataDirectory: dataDirectory(context.env), cwd });
  const id = await resolveSession(input.positionals[0] ?? 'last', store.resolve);
  const journalText = await readFile(store.journalPath(id), 'utf8').catch(() => '');
  if (journalText.trim() === '') {
    // `wright undo --to 0 --conversation` empties the journal: there is nothing to replay, and that is not an error.
    if (!flagValue(input, 'json'))
      printText(
        context.stdout,
        own`session ${untrustedLine(id)} has no steps (it was undone to its start)\n`,
      );
    return exitCodes.ok;
  }
  const session = await loadSession(store.journalPath(id));
  if (flagValue(input, 'json')) {
    for (const event of session.events) printJson(context.stdout, event);
    return exitCodes.ok;
  }
  const style = createStyle(colorEnabled(context.stdout, context.env));
  const output = createTerminalOutput({ stdout: context.stdout, stderr: context.stderr, liveStatus: false });
  const renderer = createHumanRenderer({ output, style, showReasoning: !flagValue(input, 'hide-reasoning') });
  for (const event of session.events) {
    if (event.type === 'message' && event.message.role === 'user') {
      output.endLine();
      output.write(style.bold(trusted('› ')));
      output.write(own`${untrusted(event.message.content)}\n`, { indent: untrustedIndent });
    }
    renderer.render(event);
    if (event.type === 'run-end') {
      output.endLine();
      output.write(
        style.dim(
          own`run ended: ${untrustedLine(String(event.reason))} after ${Number(event.steps)} steps\n`,
        ),
      );
    }
  }
  renderer.close();
  output.endLine();
  return exitCodes.ok;
}

/** `wright diff [<session>]`: the session's changes, coloured on a terminal. */
export async function executeDiff(input: CommandInput, context: CliContext): Promise<number> {
  const cwd = await workspaceDirectory(input, context.cwd);
  const from = stepValue(input, 'from');
  const to = stepValue(input, 'to');
  const operation = {
    cwd,
    dataDirectory: dataDirectory(context.env),
    session: input.positionals[0] ?? 'last',
  };
  const range: { from?: number; to?: number } = {};
  if (from !== undefined) range.from = from;
  if (to !== undefined) range.to = to;
  const diff = await sessionDiff(operation, range);
  const style = createStyle(colorEnabled(context.stdout, context.env));
  if (diff !== '') printText(context.stdout, own`${colorDiff(diff.trimEnd(), style)}\n`);
  return exitCodes.ok;
}

/** `wright undo [--to <step>]`: restores a checkpoint of a session. */
export async function executeUndo(input: CommandInput, context: CliContext): Promise<number> {
  const cwd = await workspaceDirectory(input, context.cwd);
  const operation = {
    cwd,
    dataDirectory: dataDirectory(context.env),
    session: stringValue(input, 'session') ?? 'last',
  };
  const to = stepValue(input, 'to');
  const message = await restoreStep(operation, {
    ...(to === undefined ? {} : { to }),
    conversation: flagValue(input, 'conversation'),
    force: flagValue(input, 'force'),
  });
  printText(context.stdout, own`${untrustedLine(message)}\n`);
  return exitCodes.ok;
}

function stepValue(input: CommandInput, name: string): number | undefined {
  const text = stringValue(input, name);
  if (text === undefined) return undefined;
  const step = Number(text);
  if (Number.isInteger(step) && step >= 0) return step;
  throw usageFailure(`wright: --${name} must be a step number (0 or more), got '${text}'`);
}
