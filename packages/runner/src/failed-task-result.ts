import { emptyUsage, toErrorData } from '@wright/core';
import type { TaskResult } from './runner-events.js';

/**
 * The result of a task that failed before its run could report one (a workspace that would not open, a prompt that
 * could not be read): status and reason `error`, nothing done, the error as data.
 */
export function failedTaskResult(options: {
  /** The session's id when one was chosen; empty otherwise. */
  sessionId?: string;
  /** The workspace mode the task was asked to run in. */
  mode?: TaskResult['mode'];
  /** The project directory the task was given. */
  cwd: string;
  /** What went wrong (anything thrown). */
  error: unknown;
}): TaskResult {
  return {
    sessionId: options.sessionId ?? '',
    status: 'error',
    reason: 'error',
    text: '',
    steps: 0,
    sessionSteps: 0,
    usage: emptyUsage(),
    cost: 0,
    durationMs: 0,
    check: null,
    mode: options.mode ?? 'in-place',
    root: options.cwd,
    error: toErrorData(options.error),
  };
}
