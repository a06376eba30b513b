import type { BudgetLeft, CallingRun } from '../tool.js';

// The budgets that calls running at the same time spend from together (through the runs they start). Steps are
// not shared (a subagent's requests are not the run's steps) and time passes for all of them at once.
const sharedBudgets = ['maxInputTokens', 'maxOutputTokens', 'maxTotalTokens', 'maxCostUsd'] as const;

/**
 * The calling run as one of `callers` calls of the same tool that run at the same time sees it: an equal share of
 * what is left of the token and cost budgets, so that the runs they start cannot together spend more than the
 * calling run has left.
 */
export function shareCallingRun<Run extends Pick<CallingRun, 'budgetLeft'>>(run: Run, callers: number): Run {
  if (callers <= 1) return run;
  return { ...run, budgetLeft: () => shareBudgetLeft(run.budgetLeft(), callers) };
}

function shareBudgetLeft(left: BudgetLeft, callers: number): BudgetLeft {
  const share: BudgetLeft = { ...left };
  for (const budget of sharedBudgets) {
    const value = left[budget];
    if (value !== undefined && value > 0) share[budget] = value / callers;
  }
  return share;
}
