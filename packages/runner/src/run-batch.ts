import { appendFile, mkdir } from 'node:fs/promises';
import nodePath from 'node:path';
import type { AnyTool, ErrorData, ModelClient } from '@wright/core';
import type { TaskSpec } from './read-tasks-file.js';
import { runBatchTask } from './run-batch-task.js';
import type { RunTaskOptions } from './run-task.js';
import type { RunnerEvent, TaskStatus } from './runner-events.js';

/** One line of the results JSONL. */
export type BatchResult = {
  id: string;
  /** The task's status (`done`, `check-failed`, `budget-exceeded`, `aborted`, `error`, `stopped`). */
  status: TaskStatus;
  /** The agent's stop reason, or `check-failed`. */
  reason: string;
  steps: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** US dollars. */
  cost: number;
  durationMs: number;
  check: { passed: boolean; rounds: number } | null;
  /** Absolute path of the task's diff (a git patch; empty when nothing changed); null when none was written. */
  diffPath: string | null;
  /** The session holding the task's journal and checkpoints. */
  sessionId: string;
  error?: ErrorData;
};

/** Batch progress, reported as tasks start and end. */
export type BatchProgress =
  | { type: 'task-start'; id: string; running: number; completed: number; total: number }
  | { type: 'task-end'; id: string; running: number; completed: number; total: number; result: BatchResult };

/** Options of `runBatch`. */
export type RunBatchOptions = {
  tasks: TaskSpec[];
  /** Tasks running at once; default 4. */
  concurrency?: number;
  /** Results JSONL; one line is appended per task as it ends. Diffs go to `<results>.diffs/<id>.patch`. */
  resultsPath: string;
  /** A model client per task (each task may get its own, e.g. its own connection or scripted server). */
  createModel: (task: TaskSpec) => ModelClient;
  dataDirectory: string;
  /**
   * The tools of every task, or a function making each task's own from the task and the folder it works in (its
   * clone's folder for a `repo` task), e.g. to offer the skills of that repository.
   */
  tools?: AnyTool[] | ((task: TaskSpec, directory: string) => AnyTool[] | Promise<AnyTool[]>);
  /**
   * Called once a task's run has ended, before its worktree is removed, to stop what `tools(task)` started for it
   * (its language servers). Called even when the task failed; a rejection is ignored.
   */
  releaseTools?: (task: TaskSpec) => Promise<void>;
  /** The system prompt, or a function of the folder a task works in (for its own AGENTS.md files). */
  system?: string | ((directory: string) => Promise<string>);
  /** Keep each task's worktree and branch (default: removed once its diff is saved). */
  keepWorktrees?: boolean;
  /** Loop options shared by every task. */
  agent?: RunTaskOptions['agent'];
  /** Which environment variables are secret, for every task's check command (see `runTask`). */
  secrets?: RunTaskOptions['secrets'];
  /** Protected paths and the allow rules that open them, for every task; default core's defaults. */
  protection?: RunTaskOptions['protection'];
  /** The sandbox of every task's check command (pass the same to the tools); absent means none. */
  sandbox?: RunTaskOptions['sandbox'];
  onProgress?: (progress: BatchProgress) => void;
  /** Every event of every task, tagged with the task id. */
  onEvent?: (id: string, event: RunnerEvent) => void;
  signal?: AbortSignal;
};

/**
 * Runs tasks with bounded concurrency, each in its own worktree (in place when its folder is not a git
 * repository), saves each diff, appends one result line per task and returns the results in task order.
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchResult[]> {
  const total = options.tasks.length;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const diffDirectory = `${options.resultsPath.replace(/\.jsonl$/, '')}.diffs`;
  await mkdir(nodePath.dirname(nodePath.resolve(options.resultsPath)), { recursive: true });
  await mkdir(diffDirectory, { recursive: true });
  const results: BatchResult[] = new Array(total);
  let next = 0;
  let running = 0;
  let completed = 0;
  let writes: Promise<void> = Promise.resolve();

  const worker = async () => {
    while (next < total) {
      const index = next++;
      const task = options.tasks[index]!;
      const id = task.id ?? `task-${index + 1}`;
      running++;
      options.onProgress?.({ type: 'task-start', id, running, completed, total });
      const result = await runBatchTask({
        ...options,
        task,
        id,
        diffPath: nodePath.join(diffDirectory, `${id}.patch`),
      });
      results[index] = result;
      running--;
      completed++;
      writes = writes.then(() => appendFile(options.resultsPath, `${JSON.stringify(result)}\n`));
      await writes;
      options.onProgress?.({ type: 'task-end', id, running, completed, total, result });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}
