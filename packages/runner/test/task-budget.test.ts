import { emptyUsage } from '@wright/core';
import { describe, expect, it } from 'vitest';
import { remainingBudget } from '../src/task-budget.js';

const spent = (steps: number, cost = 0, startedAt = 1000) => ({
  steps,
  usage: emptyUsage(),
  cost,
  startedAt,
});

describe('remainingBudget', () => {
  it('hands the next round what is left of each budget', () => {
    expect(remainingBudget({ maxSteps: 10, maxDurationMs: 5000 }, spent(4), 3000)).toEqual({
      left: { maxSteps: 6, maxDurationMs: 3000 },
    });
  });

  it('names the budget that is used up, so a task that never starts a round still says which', () => {
    expect(remainingBudget({ maxSteps: 10, maxDurationMs: 5 }, spent(0), 2000)).toEqual({
      exhausted: 'time-budget',
    });
    expect(remainingBudget({ maxSteps: 3 }, spent(3))).toEqual({ exhausted: 'max-steps' });
    expect(remainingBudget({ maxCostUsd: 0.5 }, spent(1, 0.5))).toEqual({ exhausted: 'cost-budget' });
    expect(
      remainingBudget({ maxTotalTokens: 10 }, { ...spent(1), usage: { ...emptyUsage(), inputTokens: 10 } }),
    ).toEqual({ exhausted: 'token-budget' });
  });
});
