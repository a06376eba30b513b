import { toErrorData } from '@wright/core';
import { detectRepository } from './detect-repository.js';
import { prepareTaskDirectory } from './prepare-task-directory.js';
import type { TaskSpec } from './read-tasks-file.js';
import type { BatchResult, RunBatchOptions } from './run-batch.js';
import { runTask } from './run-task.js';

/** Options of `runBatchTask`: a batch's shared options plus the one task. */
export type RunBatchTaskOptions = Omit<
  RunBatchOptions,
  'tasks' | 'concurrency' | 'resultsPath' | 'onProgress'
> & {
  task: TaskSpec;
  /** The task's id in results. */
  id: string;
  /** Where the task's diff is written. */
  diffPath: string;
};

/**
 * Runs one task of a batch to its result line: clones its `repo` if it has one, works in its own worktree (in place
 * when its folder is not a git repository), saves its diff and removes the worktree unless asked to keep it.
 * Never rejects: a failure becomes a result with status `error`.
 */
export async function runBatchTask(options: RunBatchTaskOptions): Promise<BatchResult> {
  const { task, id } = options;
  const started = Date.now();
  try {
    const cwd = await prepareTaskDirectory(task, options.dataDirectory);
    const repository = await detectRepository(cwd);
    const budget = task.budget ?? {};
    const run = runTask({
      cwd,
      dataDirectory: options.dataDirectory,
      model: options.createModel(task),
      tools: typeof options.tools === 'function' ? await options.tools(task, cwd) : (options.tools ?? []),
      prompt: task.prompt,
      mode: repository.isGitRepository ? 'worktree' : 'in-place',
      ...(task.check !== undefined ? { check: task.check } : {}),
      ...(options.system === undefined
        ? {}
        : { system: typeof options.system === 'string' ? options.system : await options.system(cwd) }),
      ...(options.agent ? { agent: options.agent } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
      ...(options.protection ? { protection: options.protection } : {}),
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      budget: {
        ...(budget.maxSteps !== undefined ? { maxSteps: budget.maxSteps } : {}),
        ...(budget.maxCostUsd !== undefined ? { maxCostUsd: budget.maxCostUsd } : {}),
        ...(budget.maxTokens !== undefined ? { maxTotalTokens: budget.maxTokens } : {}),
        ...(budget.maxDurationMs !== undefined ? { maxDurationMs: budget.maxDurationMs } : {}),
      },
    });
    let result: Awaited<typeof run.result>;
    try {
      for await (const event of run) options.onEvent?.(id, event);
      result = await run.result;
    } finally {
      await options.releaseTools?.(task).catch(() => undefined);
    }
    let savedDiff: string | null = null;
    const workspace = await run.workspace.catch(() => undefined);
    if (workspace) {
      savedDiff = (await workspace.exportPatch(options.diffPath)).path;
      await workspace.close({ removeWorktree: !options.keepWorktrees });
    }
    return {
      id,
      status: result.status,
      reason: result.status === 'check-failed' ? 'check-failed' : result.reason,
      steps: result.steps,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      cachedTokens: result.usage.cachedInputTokens,
      cost: result.cost,
      durationMs: result.durationMs,
      check: result.check ? { passed: result.check.passed, rounds: result.check.rounds } : null,
      diffPath: savedDiff,
      sessionId: result.sessionId,
      ...(result.error ? { error: result.error } : {}),
    };
  } catch (error) {
    return {
      id,
      status: 'error',
      reason: 'error',
      steps: 0,
      inputTokens: 0,
      outputTokens: 0,
      cachedTokens: 0,
      cost: 0,
      durationMs: Date.now() - started,
      check: null,
      diffPath: null,
      sessionId: '',
      error: toErrorData(error),
    };
  }
}
