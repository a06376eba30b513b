import { isWrightError } from '@wright/core';
import {
  createSessionStore,
  openWorkspace,
  type RunnerWorkspace,
  repairInterruptedSession,
} from '@wright/runner';
import { CliFailure, exitCodes } from '../exit-codes.js';

/** Which session of which project. */
export type SessionOperation = {
  /** A directory of the project. */
  cwd: string;
  dataDirectory: string;
  /** A session id, a unique prefix, or `last`. */
  session: string;
};

/** Reopens a stored session's workspace (its worktree, checkpoints and ledger). */
export async function openSessionWorkspace(operation: SessionOperation): Promise<RunnerWorkspace> {
  const store = await createSessionStore({ dataDirectory: operation.dataDirectory, cwd: operation.cwd });
  const id = await resolveSession(operation.session, store.resolve);
  const meta = await store.readMeta(id);
  return openWorkspace({
    cwd: meta.cwd ?? operation.cwd,
    mode: meta.mode ?? 'in-place',
    sessionId: id,
    dataDirectory: operation.dataDirectory,
  });
}

/** Resolves a session reference; a failure is a one-line CLI error. */
export async function resolveSession(reference: string, resolve: (reference: string) => Promise<string>) {
  try {
    return await resolve(reference);
  } catch (error) {
    if (!isWrightError(error)) throw error;
    const { message, hint } = describeSessionError(error.message);
    throw new CliFailure(exitCodes.failure, message, hint);
  }
}

/** A session lookup failure as a cause (`wright: …`) and a fix. */
export function describeSessionError(text: string): { message: string; hint: string } {
  const cause = text.replace(/\.$/, '');
  const hint = /no session in this project/i.test(cause)
    ? "run 'wright run <task>' or 'wright chat' to start one"
    : "see 'wright sessions' for the ids";
  return { message: `wright: ${cause.charAt(0).toLowerCase()}${cause.slice(1)}`, hint };
}

/** The session's whole diff (from its start to the current files), or between two steps. */
export async function sessionDiff(
  operation: SessionOperation,
  range: { from?: number; to?: number } = {},
): Promise<string> {
  const workspace = await openSessionWorkspace(operation);
  try {
    if (range.from === undefined && range.to === undefined) return await workspace.diff();
    const steps = (await workspace.listCheckpoints()).map((checkpoint) => checkpoint.step);
    for (const step of [range.from, range.to]) {
      if (step !== undefined && !steps.includes(step))
        throw missingStep('wright diff', workspace.sessionId, step, steps);
    }
    return (await workspace.diffCheckpoints(range.from ?? 0, range.to ?? 'current')).text;
  } finally {
    await workspace.close();
  }
}

/** Restores a step's checkpoint (default: the one before the current) and says what happened, in one line. */
export async function restoreStep(
  operation: SessionOperation,
  options: { to?: number; conversation: boolean; force?: boolean; command?: string },
): Promise<string> {
  const command = options.command ?? 'wright undo';
  const workspace = await openSessionWorkspace(operation);
  try {
    // A run killed between a step's end and its checkpoint (or mid-step) is repaired first, as a resume would, so
    // the undo goes back from the files the session really left (the missing checkpoint is taken now).
    const repair = await repairInterruptedSession(workspace);
    const repaired =
      repair === null
        ? ''
        : `; the interrupted run was repaired first${repair.revertedFiles.length > 0 ? ` (its unfinished step undone: ${repair.revertedFiles.join(', ')})` : ''}`;
    const steps = (await workspace.listCheckpoints()).map((checkpoint) => checkpoint.step);
    let target = options.to;
    if (target === undefined) {
      // One step back from where the session's files are now, so repeated undos keep going back.
      const current = (await workspace.currentCheckpoint())?.step;
      const position = current === undefined ? -1 : steps.indexOf(current);
      if (position < 1) return `nothing to undo in session ${workspace.sessionId}${repaired}`;
      target = steps[position - 1] ?? 0;
    }
    if (!steps.includes(target)) throw missingStep(command, workspace.sessionId, target, steps);
    const restored = await workspace
      .restoreCheckpoint(target, { conversation: options.conversation, force: options.force === true })
      .catch((error: unknown) => {
        throw describeRestoreRefusal(error, command, workspace.sessionId);
      });
    const what = restored.conversationRestored ? 'files and conversation' : 'files';
    const saved = restored.saved
      ? `; the files it overwrote were saved as step ${restored.saved.step} first (${command} --to ${restored.saved.step} brings them back)`
      : '';
    return `restored ${what} of session ${workspace.sessionId} to step ${target}${saved}${repaired}`;
  } finally {
    await workspace.close();
  }
}

/** A refused restore (files changed since the session wrote them) as a one-line CLI error; others unchanged. */
function describeRestoreRefusal(error: unknown, command: string, sessionId: string): unknown {
  if (!isWrightError(error)) return error;
  const changed = error.data.details?.changedSince;
  if (!Array.isArray(changed)) return error;
  const files =
    changed.length > 5
      ? `${changed.slice(0, 5).join(', ')} and ${changed.length - 5} more`
      : changed.join(', ');
  const cause = /^Cannot save/.test(error.message)
    ? `${command}: cannot save ${files} before undoing (too large or ignored)`
    : `${command}: ${files} changed since session ${sessionId} last wrote ${changed.length === 1 ? 'it' : 'them'}; nothing was undone`;
  const hint = /^Cannot save/.test(error.message)
    ? 'move those files away, then undo again'
    : `check ${changed.length === 1 ? 'it' : 'them'}, then run '${command} --force' to undo anyway (the current files are saved as a new step first)`;
  return new CliFailure(exitCodes.failure, cause, hint);
}

/** Chat's `/undo`: the last step, files and conversation. */
export function undoLastStep(
  operation: SessionOperation,
  options: { force?: boolean } = {},
): Promise<string> {
  return restoreStep(operation, { conversation: true, force: options.force === true, command: '/undo' });
}

/** A step with no checkpoint: a usage failure that lists the steps there are. */
function missingStep(command: string, sessionId: string, step: number, steps: number[]): CliFailure {
  const sorted = [...steps].sort((left, right) => left - right);
  return new CliFailure(
    exitCodes.usage,
    `${command}: session ${sessionId} has no checkpoint for step ${step}`,
    `pick one of: ${sorted.join(', ')}`,
  );
}
