import type { RunAgentOptions, RunStopReason, Usage } from '@wright/core';
import type { TaskStatus } from './runner-events.js';

/** Budget options that span every round of a task (the agent runs again after a failed check). */
export type TaskBudget = Pick<
  RunAgentOptions,
  'maxSteps' | 'maxInputTokens' | 'maxOutputTokens' | 'maxTotalTokens' | 'maxCostUsd' | 'maxDurationMs'
>;

/** What the task has spent so far. */
export type Spent = { steps: number; usage: Usage; cost: number; startedAt: number };

/** The stop reason of each budget, so a task that never starts its next round still says which one ran out. */
const budgetReasons: Record<keyof TaskBudget, RunStopReason> = {
  maxSteps: 'max-steps',
  maxInputTokens: 'token-budget',
  maxOutputTokens: 'token-budget',
  maxTotalTokens: 'token-budget',
  maxCostUsd: 'cost-budget',
  maxDurationMs: 'time-budget',
};

/** The budget left for the next round, or the stop reason of the first budget that is already used up. */
export function remainingBudget(
  budget: TaskBudget,
  spent: Spent,
  now = Date.now(),
): { left: TaskBudget } | { exhausted: RunStopReason } {
  const left: TaskBudget = {};
  const entries: [keyof TaskBudget, number][] = [
    ['maxSteps', spent.steps],
    ['maxInputTokens', spent.usage.inputTokens],
    ['maxOutputTokens', spent.usage.outputTokens],
    ['maxTotalTokens', spent.usage.inputTokens + spent.usage.outputTokens],
    ['maxCostUsd', spent.cost],
    ['maxDurationMs', now - spent.startedAt],
  ];
  for (const [key, used] of entries) {
    const limit = budget[key];
    if (limit === undefined) continue;
    if (limit - used <= 0) return { exhausted: budgetReasons[key] };
    left[key] = limit - used;
  }
  return { left };
}

/** The task status for an agent stop reason (and, when the agent finished, the check outcome). */
export function taskStatus(reason: RunStopReason, checkPassed: boolean | undefined): TaskStatus {
  if (reason === 'done') return checkPassed === false ? 'check-failed' : 'done';
  if (['max-steps', 'token-budget', 'cost-budget', 'time-budget'].includes(reason)) return 'budget-exceeded';
  if (reason === 'aborted') return 'aborted';
  if (reason === 'error') return 'error';
  return 'stopped';
}

/** The message that sends a failed check back to the agent. */
export function checkFeedback(
  command: string,
  exitCode: number | null,
  timedOut: boolean,
  tail: string,
): string {
  const how = timedOut ? 'timed out' : `failed (exit code ${exitCode ?? 'none'})`;
  return (
    `The check \`${command}\` ${how}. Its output ends with:\n\n${tail.trimEnd() || '(no output)'}\n\n` +
    'Fix the cause, then finish; the check runs again when you are done.'
  );
}
