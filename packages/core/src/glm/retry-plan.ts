import type { ErrorData } from '../errors.js';

/** Retry settings, resolved from the client options. */
export type RetrySettings = {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay; doubles per retry. */
  baseDelayMs: number;
  /** Cap on the computed backoff delay. */
  maxDelayMs: number;
  /** Cap on a server-requested `Retry-After` delay. */
  maxRetryAfterMs: number;
  /** Source of randomness in [0, 1) for jitter. */
  random: () => number;
};

/**
 * Decides whether a failed attempt is retried and after how long; undefined means give up. `retriesSoFar` counts
 * retries already made (all codes); `retriesByCode` counts them per provider code (or error code), for causes with
 * their own cap (`details.maxRetries`).
 */
export function planRetry(
  error: ErrorData,
  retriesSoFar: number,
  retriesByCode: Map<string, number>,
  settings: RetrySettings,
): number | undefined {
  if (!error.retryable || retriesSoFar >= settings.maxRetries) return undefined;
  const codeCap = error.details?.maxRetries;
  if (typeof codeCap === 'number') {
    // Provider codes (1230, 1231) are counted by code; Wright's own capped causes (garbled chunks) by error code.
    const key = error.providerCode ?? error.code;
    const used = retriesByCode.get(key) ?? 0;
    if (used >= codeCap) return undefined;
    retriesByCode.set(key, used + 1);
  }
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, settings.maxRetryAfterMs);
  const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retriesSoFar);
  // "Equal jitter": between half and all of the exponential delay.
  return Math.round(exponential / 2 + (exponential / 2) * settings.random());
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
