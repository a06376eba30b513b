import { readFile } from 'node:fs/promises';
import { loadSession } from '@wright/core';
import { createSessionStore } from '@wright/runner';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue, stringValue } from '../command-definition.js';
import { exitCodes, usageFailure } from '../exit-codes.js';
import { dataDirectory } from '../paths.js';
import { colorDiff } from '../render/color-diff.js';
import { createHumanRenderer } from '../render/human-renderer.js';
import { colorEnabled, createStyle } from '../render/style.js';
import { createTerminalOutput } from '../render/terminal-output.js';
import { workspaceDirectory } from './run-flags.js';
import { resolveSession, restoreStep, sessionDiff } from './session-operations.js';

/** `wright sessions`: the project's sessions, newest first. */
export async function executeSessions(input: CommandInput, context: CliContext): Promise<number> {
  const cwd = await workspaceDirectory(input, context.cwd);
  const store = await createSessionStore({ dataDirectory: dataDirectory(context.env), cwd });
  const sessions = await store.list();
  if (flagValue(input, 'json')) {
    for (const session of sessions) context.stdout.write(`${JSON.stringify(session)}\n`);
    return exitCodes.ok;
  }
  if (sessions.length === 0) {
    context.stdout.write(`no sessions yet for ${store.repoRoot}\n`);
    return exitCodes.ok;
  }
  for (const session of sessions) {
    const outcome = session.reason ?? session.status;
    const mode = session.mode === 'worktree' ? ` [${session.branch ?? 'worktree'}]` : '';
    context.stdout.write(
      `${session.id}  ${outcome.padEnd(12)} ${String(session.steps).padStart(3)} steps  ${session.updated.slice(0, 19).replace('T', ' ')}  ${session.title}${mode}\n`,
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
      context.stdout.write(`session ${id} has no steps (it was undone to its start)\n`);
    return exitCodes.ok;
  }
  const session = await loadSession(store.journalPath(id));
  if (flagValue(input, 'json')) {
    for (const event of session.events) context.stdout.write(`${JSON.stringify(event)}\n`);
    return exitCodes.ok;
  }
  const style = createStyle(colorEnabled(context.stdout, context.env));
  const output = createTerminalOutput({ stdout: context.stdout, stderr: context.stderr, liveStatus: false });
  const renderer = createHumanRenderer({ output, style, showReasoning: !flagValue(input, 'hide-reasoning') });
  for (const event of session.events) {
    if (event.type === 'message' && event.message.role === 'user') {
      output.endLine();
      output.write(`${style.bold('› ')}${event.message.content}\n`);
    }
    renderer.render(event);
    if (event.type === 'run-end') {
      output.endLine();
      output.write(style.dim(`run ended: ${event.reason} after ${event.steps} steps\n`));
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
  if (diff !== '') context.stdout.write(`${colorDiff(diff.trimEnd(), style)}\n`);
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
  context.stdout.write(`${message}\n`);
  return exitCodes.ok;
}

function stepValue(input: CommandInput, name: string): number | undefined {
  const text = stringValue(input, name);
  if (text === undefined) return undefined;
  const step = Number(text);
  if (Number.isInteger(step) && step >= 0) return step;
  throw usageFailure(`wright: --${name} must be a step number (0 or more), got '${text}'`);
}
