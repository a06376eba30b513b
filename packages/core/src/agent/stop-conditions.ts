import type { RunStopReason } from '../agent-events.js';
import type { BudgetLeft } from '../tool.js';
import type { Usage } from '../usage.js';

/** The budgets of a run. */
export type Budgets = {
  maxSteps: number;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  maxTotalTokens?: number;
  maxCostUsd?: number;
  maxDurationMs?: number;
};

/** Where a run stands, for the budget checks. */
export type RunProgress = {
  steps: number;
  usage: Usage;
  cost: number;
  startedAt: number;
};

/** A stop condition that fired, with the sentence saying why. */
export type StopVerdict = { reason: RunStopReason; message: string };

/** Token, cost and time budgets: checked after every model response (before its tools run). */
export function exceededBudget(
  budgets: Budgets,
  progress: RunProgress,
  now = Date.now(),
): StopVerdict | undefined {
  const { usage } = progress;
  // Checked twice per step: plain comparisons, no arrays.
  const tokenLimit = (limit: number | undefined, used: number, kind: string): StopVerdict | undefined =>
    limit !== undefined && used >= limit
      ? { reason: 'token-budget', message: `The ${kind} token budget of ${limit} is used up (${used}).` }
      : undefined;
  const tokens =
    tokenLimit(budgets.maxInputTokens, usage.inputTokens, 'input') ??
    tokenLimit(budgets.maxOutputTokens, usage.outputTokens, 'output') ??
    tokenLimit(budgets.maxTotalTokens, usage.inputTokens + usage.outputTokens, 'total');
  if (tokens !== undefined) return tokens;
  if (budgets.maxCostUsd !== undefined && progress.cost >= budgets.maxCostUsd) {
    const spent = progress.cost.toFixed(4);
    return {
      reason: 'cost-budget',
      message: `The cost budget of $${budgets.maxCostUsd} is used up ($${spent}).`,
    };
  }
  if (budgets.maxDurationMs !== undefined && now - progress.startedAt >= budgets.maxDurationMs) {
    return { reason: 'time-budget', message: `The time budget of ${budgets.maxDurationMs} ms is used up.` };
  }
  return undefined;
}

/** Checked before every model request: the step limit plus every other budget. */
export function stopBeforeRequest(budgets: Budgets, progress: RunProgress): StopVerdict | undefined {
  if (progress.steps >= budgets.maxSteps) {
    return { reason: 'max-steps', message: `The step limit of ${budgets.maxSteps} is reached.` };
  }
  return exceededBudget(budgets, progress);
}

/** What is left of each budget the run has (absent: no such budget; 0 or less: used up). */
export function budgetLeft(budgets: Budgets, progress: RunProgress, now = Date.now()): BudgetLeft {
  const { usage } = progress;
  const left: BudgetLeft = { maxSteps: budgets.maxSteps - progress.steps };
  const spent: [keyof BudgetLeft, number][] = [
    ['maxInputTokens', usage.inputTokens],
    ['maxOutputTokens', usage.outputTokens],
    ['maxTotalTokens', usage.inputTokens + usage.outputTokens],
    ['maxCostUsd', progress.cost],
    ['maxDurationMs', now - progress.startedAt],
  ];
  for (const [key, used] of spent) {
    const limit = budgets[key];
    if (limit !== undefined) left[key] = limit - used;
  }
  return left;
}
