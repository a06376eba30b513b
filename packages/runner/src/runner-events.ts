import type { AgentEvent, ErrorData, RunStopReason, Usage } from '@wright/core';

/** The runner's own events; each carries the session id and a time (milliseconds since the epoch). */
export type TaskEvent =
  | {
      type: 'task-start';
      sessionId: string;
      time: number;
      /** Workspace mode. */
      mode: 'in-place' | 'worktree';
      /** Directory the tools work in. */
      root: string;
      /** Worktree mode: `wright/<session>`. */
      branch?: string;
      /** True when the task continues a stored session. */
      resumed: boolean;
    }
  | {
      /** A resumed session was found interrupted and put back to a consistent state. */
      type: 'repair';
      sessionId: string;
      time: number;
      /** Journal events of the interrupted step that were dropped. */
      droppedEvents: number;
      /** Files whose tool changes were undone because the journal never recorded their results. */
      revertedFiles: string[];
      /** The checkpoint the files were restored to, when one matched the journal. */
      restoredStep?: number;
      /** Things repair could not put right (e.g. a file changed by someone else since). */
      warnings: string[];
    }
  | {
      /** The files were snapshotted after a step that changed them. */
      type: 'checkpoint';
      sessionId: string;
      time: number;
      step: number;
      /** Commit in the shadow snapshot repository. */
      commit: string;
      /** Paths changed since the previous checkpoint. */
      files: string[];
    }
  | { type: 'check-start'; sessionId: string; time: number; command: string; round: number }
  | {
      type: 'check-end';
      sessionId: string;
      time: number;
      command: string;
      /** 1 for the first run of the check. */
      round: number;
      passed: boolean;
      /** null when the command was killed (timeout) or could not start. */
      exitCode: number | null;
      timedOut: boolean;
      durationMs: number;
      /** The last part of the combined stdout and stderr. */
      outputTail: string;
    }
  | { type: 'task-warning'; sessionId: string; time: number; message: string }
  | { type: 'task-end'; sessionId: string; time: number; result: Omit<TaskResult, 'messages'> };

/** Everything `runTask` streams: the agent loop's events plus the runner's. */
export type RunnerEvent = AgentEvent | TaskEvent;

/** How a task ended, in one word (the CLI maps it to an exit code). */
export type TaskStatus =
  /** The agent finished and the check (if any) passed. */
  | 'done'
  /** The agent finished but the check still failed after the last round. */
  | 'check-failed'
  /** A step, token, cost or time budget ran out. */
  | 'budget-exceeded'
  | 'aborted'
  /** A model, workspace or other runtime error. */
  | 'error'
  /** Stopped for another reason (loop detected, content filter, invalid output). */
  | 'stopped';

/** The check's outcome, as recorded in the result. */
export type CheckSummary = {
  command: string;
  /** True when the last run of the check exited 0. */
  passed: boolean;
  /** How many times the check ran. */
  rounds: number;
  exitCode: number | null;
  /** The last part of the last run's output. */
  outputTail: string;
};

/** What a task run ends with. */
export type TaskResult = {
  sessionId: string;
  status: TaskStatus;
  /** The last agent run's stop reason. */
  reason: RunStopReason;
  /** The last assistant answer. */
  text: string;
  /** Model requests over every round of this task run. */
  steps: number;
  /** Session-wide step number reached (checkpoints are numbered by it). */
  sessionSteps: number;
  /** Usage summed over every round. */
  usage: Usage;
  /** Cost in US dollars over every round. */
  cost: number;
  durationMs: number;
  /** null when no check was given. */
  check: CheckSummary | null;
  mode: 'in-place' | 'worktree';
  /** Directory the tools worked in. */
  root: string;
  branch?: string;
  /** A state summary when a budget, loop or error stopped the run. */
  summary?: string;
  error?: ErrorData;
};
