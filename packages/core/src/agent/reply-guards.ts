import { finishAborted, finishWithSummary } from './finish-run.js';
import type { LoopState, TurnReply } from './loop-state.js';
import type { RunResult } from './run-agent-options.js';
import type { RunContext } from './run-context.js';

/** Default cap on the characters of reasoning one request may stream before it answers. */
export const defaultMaxReasoningChars = 160_000;

/** Longest wait for a 1308 usage-limit reset when the run has no time budget (one hour). */
const defaultMaxQuotaWaitMs = 3_600_000;

/**
 * A request cut off by the reasoning budget: the first time in a row, the turn is asked again with thinking off
 * (nothing of the cut attempt joins the history); the second time, the run stops with `reasoning-budget`.
 */
export async function handleReasoningOverrun(
  run: RunContext,
  state: LoopState,
  reply: TurnReply,
): Promise<RunResult | undefined> {
  await reply.endTurn();
  const limit = run.options.maxReasoningChars ?? defaultMaxReasoningChars;
  state.reasoningOverruns++;
  if (state.reasoningOverruns > 1) {
    const message =
      `The model thought for more than ${limit} characters without answering, twice in a row (the second time ` +
      'with thinking turned off).';
    return finishWithSummary(run, { reason: 'reasoning-budget', message });
  }
  state.thinkingOffNext = true;
  run.emit({
    type: 'note',
    level: 'warning',
    message: `The model thought for more than ${limit} characters without answering; asking again with thinking off.`,
  });
  return undefined;
}

/**
 * A 1308 usage limit whose reset time the message states: wait for it when the wait fits in what is left of the
 * time budget (or in `maxQuotaWaitMs`), at most twice per run; otherwise stop, naming the reset time.
 * Returns undefined when the loop should send the request again.
 */
export async function handleQuotaReset(
  run: RunContext,
  state: LoopState,
  reply: TurnReply,
): Promise<RunResult | undefined> {
  await reply.endTurn();
  const error = reply.outcome.error;
  const resetAt = Date.parse(String(error?.details?.resetAt ?? ''));
  const now = Date.now();
  const waitMs = Math.max(0, resetAt - now) + 1000;
  const { maxDurationMs, maxQuotaWaitMs } = run.options;
  const left = maxDurationMs === undefined ? Number.POSITIVE_INFINITY : maxDurationMs - (now - run.startedAt);
  const limit = Math.min(
    left,
    maxQuotaWaitMs ?? (maxDurationMs === undefined ? defaultMaxQuotaWaitMs : left),
  );
  const when = new Date(resetAt).toISOString();
  if (waitMs > limit || state.quotaWaits >= 2) {
    const why =
      state.quotaWaits >= 2
        ? 'and the limit was still reached after waiting twice'
        : waitMs > left
          ? 'after the time budget ends'
          : `more than ${Math.round(limit / 60_000)} minutes from now (maxQuotaWaitMs)`;
    const message = `The provider's usage limit (code 1308) resets at ${when}, ${why}; stopping. Run again after ${when}.`;
    return finishWithSummary(run, { reason: 'error', message }, error);
  }
  state.quotaWaits++;
  const minutes = Math.max(1, Math.round(waitMs / 60_000));
  run.emit({
    type: 'note',
    level: 'warning',
    message: `The provider's usage limit (code 1308) resets at ${when}; waiting about ${minutes} min, then continuing.`,
  });
  const signal = run.controller.signal;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, waitMs);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
  if (signal.aborted) return finishAborted(run);
  return undefined;
}

/** True for a 1308 usage-limit error whose message stated when the limit resets. */
export function isQuotaWithReset(reply: TurnReply): boolean {
  const error = reply.outcome.error;
  return (
    reply.outcome.stopReason === 'error' &&
    error?.providerCode === '1308' &&
    typeof error.details?.resetAt === 'string'
  );
}
