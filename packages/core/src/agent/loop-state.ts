import type { LoopGuard } from './loop-guard.js';
import type { Budgets } from './stop-conditions.js';
import type { TurnInfo } from './thinking-policy.js';
import type { TurnOutcome } from './turn.js';

/** What the tool loop carries from one model request to the next (the run's shared state is in `RunContext`). */
export type LoopState = {
  /** The run's budgets, `maxSteps` defaulted. */
  budgets: Budgets;
  /** Watches for the same call repeated in a row, across the whole run. */
  loopGuard: LoopGuard;
  /** True until the first tool step of a task that started with a new user message. */
  firstOfTask: boolean;
  /** The calls of the last tool step, for the thinking policy. */
  previousCalls: TurnInfo['previousCalls'];
  /** Set after an overflow was compacted and retried; reset by the next reply that fits. */
  overflowRetried: boolean;
  /** The next request is the structured-output repair round. */
  repairing: boolean;
  /** The one repair round has been spent. */
  repaired: boolean;
  /** Requests cut off by the reasoning budget in a row (reset by a reply that answers). */
  reasoningOverruns: number;
  /** The next request is sent with thinking off (after a reasoning overrun). */
  thinkingOffNext: boolean;
  /** Waits for a 1308 usage-limit reset so far. */
  quotaWaits: number;
  /** Final answers a stop hook turned back in a row (bounded, so a hook cannot keep a run going forever). */
  stopContinuations?: number;
};

/** A model request's outcome, with what the loop needs to finish its turn. */
export type TurnReply = {
  outcome: TurnOutcome;
  /** The context estimate the request was sent with. */
  contextTokens: number;
  /** Emits `turn-end` (usage, cost, cache hit rate) and flushes the journal; call exactly once per turn. */
  endTurn: () => Promise<void>;
  /** The reasoning budget cut this request off. */
  reasoningCut: boolean;
};
