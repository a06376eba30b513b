import { isWrightError } from '@wright/core';
import { createSessionStore, openWorkspace, type RunnerWorkspace } from '@wright/runner';
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
    return (await workspace.diffCheckpoints(range.from ?? 0, range.to ?? 'current')).text;
  } finally {
    await workspace.close();
  }
}

/** Restores a step's checkpoint (default: the one before the latest) and says what happened, in one line. */
export async function restoreStep(
  operation: SessionOperation,
  options: { to?: number; conversation: boolean },
): Promise<string> {
  const workspace = await openSessionWorkspace(operation);
  try {
    const checkpoints = await workspace.listCheckpoints();
    const steps = checkpoints.map((checkpoint) => checkpoint.step).sort((left, right) => left - right);
    let target = options.to;
    if (target === undefined) {
      // One step back from where the files are now, so repeated undos keep going back.
      const current = await stepMatchingFiles(workspace, steps);
      const position = current === undefined ? steps.length - 1 : steps.indexOf(current);
      if (position < 1) return `nothing to undo in session ${workspace.sessionId}`;
      target = steps[position - 1] ?? 0;
    }
    if (!steps.includes(target)) {
      throw new CliFailure(
        exitCodes.usage,
        `wright undo: session ${workspace.sessionId} has no checkpoint for step ${target}`,
        `pick one of: ${steps.join(', ')}`,
      );
    }
    const restored = await workspace.restoreCheckpoint(target, { conversation: options.conversation });
    const what = restored.conversationRestored ? 'files and conversation' : 'files';
    return `restored ${what} of session ${workspace.sessionId} to step ${target}`;
  } finally {
    await workspace.close();
  }
}

/** The latest checkpoint step whose files equal the workspace's current files, if any. */
async function stepMatchingFiles(
  workspace: Awaited<ReturnType<typeof openSessionWorkspace>>,
  steps: number[],
): Promise<number | undefined> {
  for (const step of [...steps].reverse()) {
    if ((await workspace.diffCheckpoints(step, 'current')).text === '') return step;
  }
  return undefined;
}

/** Chat's `/undo`: the last step, files and conversation. */
export function undoLastStep(operation: SessionOperation): Promise<string> {
  return restoreStep(operation, { conversation: true });
}
