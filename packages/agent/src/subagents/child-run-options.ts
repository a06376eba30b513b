import type { BudgetLeft, CallingRun, HookContext, RunAgentOptions, RunHooks } from '@wright/core';

/** A subagent's own budgets (its definition's, or the task tool's defaults). */
export type OwnBudget = { maxSteps: number; maxTotalTokens: number; maxDurationMs: number };

/** What a subagent's `runAgent` gets from its parent run. */
export type ChildRunOptions = Pick<
  RunAgentOptions,
  | 'maxSteps'
  | 'maxInputTokens'
  | 'maxOutputTokens'
  | 'maxTotalTokens'
  | 'maxCostUsd'
  | 'maxDurationMs'
  | 'toolTimeoutMs'
  | 'hooks'
>;

const budgetNames: Record<keyof BudgetLeft, string> = {
  maxSteps: 'step limit',
  maxInputTokens: 'input token budget',
  maxOutputTokens: 'output token budget',
  maxTotalTokens: 'token budget',
  maxCostUsd: 'cost budget',
  maxDurationMs: 'time budget',
};

/**
 * The limits and hooks a subagent inherits (docs/agents.md): its own budgets lowered to what the parent has left of
 * each of its budgets, the parent's tool timeout and the parent's tool hooks (run with the parent's session id).
 * When the parent has used up a budget, the answer is the refusal the parent's model reads instead.
 */
export function childRunOptions(
  own: OwnBudget,
  parent: CallingRun | undefined,
): { options: ChildRunOptions } | { refusal: string } {
  const left = parent?.budgetLeft() ?? {};
  for (const key of Object.keys(budgetNames) as (keyof BudgetLeft)[]) {
    const value = left[key];
    if (value !== undefined && value <= 0) {
      return {
        refusal: `Not run: this run's ${budgetNames[key]} is used up, so no subagent can start. Finish with what you have.`,
      };
    }
  }
  const lowest = (mine: number | undefined, theirs: number | undefined) =>
    mine === undefined ? theirs : theirs === undefined ? mine : Math.min(mine, theirs);
  const options: ChildRunOptions = {};
  const budgets: [keyof BudgetLeft, number | undefined][] = [
    ['maxSteps', own.maxSteps],
    ['maxInputTokens', undefined],
    ['maxOutputTokens', undefined],
    ['maxTotalTokens', own.maxTotalTokens],
    ['maxCostUsd', undefined],
    ['maxDurationMs', own.maxDurationMs],
  ];
  for (const [key, mine] of budgets) {
    const value = lowest(mine, left[key]);
    // Whole steps, tokens and milliseconds (what is left of a time budget is rarely whole).
    if (value !== undefined) options[key] = key === 'maxCostUsd' ? value : Math.max(1, Math.floor(value));
  }
  if (parent?.toolTimeoutMs !== undefined) options.toolTimeoutMs = parent.toolTimeoutMs;
  const hooks = parent === undefined ? undefined : childHooks(parent);
  if (hooks !== undefined) options.hooks = hooks;
  return { options };
}

/**
 * The parent's tool hooks for a subagent's calls: the same commands block and rewrite the child's calls; their
 * `hook-run` reports are the child's events (nested in the parent's stream), their input names the parent's session.
 */
function childHooks(parent: CallingRun): RunHooks | undefined {
  const before = parent.hooks?.beforeToolCall;
  const after = parent.hooks?.afterToolCall;
  if (before === undefined && after === undefined) return undefined;
  const asParent = (context: HookContext): HookContext => ({ ...context, sessionId: parent.sessionId });
  return {
    ...(before === undefined ? {} : { beforeToolCall: (call, context) => before(call, asParent(context)) }),
    ...(after === undefined ? {} : { afterToolCall: (call, context) => after(call, asParent(context)) }),
  };
}
