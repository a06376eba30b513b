import type { ErrorData } from '../errors.js';

/**
 * Which limit fired: no response, a silent stream, the whole request (non-streaming), a stream that went on too
 * long in all, or a body still open after `[DONE]`.
 */
type TimeoutKind = 'connect' | 'idle' | 'total' | 'stream' | 'drain';

/** Cancellation and timers of one HTTP attempt. */
export type AttemptControl = {
  /** Pass to fetch; aborts on the caller's signal and on timeouts. */
  readonly signal: AbortSignal;
  /** Sets the attempt's one limit to `ms` from now (`connect`, `total`, or `drain` after `[DONE]`); ends an idle watch. */
  arm(kind: 'connect' | 'total' | 'drain', ms: number): void;
  /**
   * Replaces the limit with an idle watch: from now on, one wait for the server (between `waiting(true)` and
   * `waiting(false)`) that lasts `ms` aborts the attempt. Time between waits (the consumer's) does not count.
   */
  watchIdle(ms: number): void;
  /**
   * Caps the whole attempt at `ms` from now, on top of whichever limit is current (idle included): a stream that
   * trickles forever, each chunk inside the idle limit, still ends.
   */
  capTotal(ms: number): void;
  /** Marks the start (true) and end (false) of a wait for the server: a timestamp, no timer work. */
  waiting(on: boolean): void;
  /** Stops the timer. */
  disarm(): void;
  /** Turns whatever fetch or a body read threw into error data. */
  failure(error: unknown): ErrorData;
  /**
   * Releases timers, listeners and the connection. `completed` says the response was read to its end: nothing is
   * left to release, so the signal is not aborted (which would only cost an event dispatch through fetch).
   */
  close(completed?: boolean): void;
};

export const abortedError = (): ErrorData => ({ code: 'aborted', message: 'Aborted.', retryable: false });

export function createAttemptControl(userSignal: AbortSignal | undefined): AttemptControl {
  const controller = new AbortController();
  let fired: { kind: TimeoutKind; ms: number } | undefined;
  const onAbort = () => controller.abort(userSignal?.reason);
  if (userSignal?.aborted) controller.abort(userSignal.reason);
  else userSignal?.addEventListener('abort', onAbort, { once: true });

  // One timer per attempt, not one per phase or per read: switching limits or marking a wait only records a
  // timestamp. When the timer wakes it checks the current limit and, if time is left, sleeps for what is left. It is
  // brought forward only when a new limit could end before it wakes.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let kind: TimeoutKind | undefined;
  let limitMs = 0;
  // When the current limit started counting; undefined while an idle watch is between waits.
  let since: number | undefined;
  // The cap on the whole attempt (`capTotal`), as a `performance.now()` time.
  let capAt = Number.POSITIVE_INFINITY;
  let capMs = 0;

  const schedule = (ms: number) => {
    if (timer !== undefined) clearTimeout(timer);
    wakeAt = performance.now() + ms;
    timer = setTimeout(check, ms);
  };
  const check = () => {
    timer = undefined;
    wakeAt = Number.POSITIVE_INFINITY;
    if (kind === undefined) return;
    const now = performance.now();
    if (now >= capAt) {
      fired = { kind: 'stream', ms: capMs };
      controller.abort(new Error('stream timeout'));
      return;
    }
    const elapsed = since === undefined ? 0 : now - since;
    if (since !== undefined && elapsed >= limitMs) {
      fired = { kind, ms: limitMs };
      controller.abort(new Error(`${kind} timeout`));
      return;
    }
    schedule(Math.min(limitMs - elapsed, capAt - now));
  };
  const watch = (next: TimeoutKind, ms: number, counting: boolean) => {
    kind = next;
    limitMs = ms;
    const now = performance.now();
    since = counting ? now : undefined;
    if (now + ms < wakeAt) schedule(ms);
  };
  const disarm = () => {
    kind = undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    wakeAt = Number.POSITIVE_INFINITY;
  };

  return {
    signal: controller.signal,
    arm(next, ms) {
      watch(next, ms, true);
    },
    watchIdle(ms) {
      watch('idle', ms, false);
    },
    capTotal(ms) {
      capMs = ms;
      capAt = performance.now() + ms;
      if (capAt < wakeAt) schedule(ms);
    },
    waiting(on) {
      if (kind === 'idle') since = on ? performance.now() : undefined;
    },
    disarm,
    failure(error) {
      if (userSignal?.aborted) return abortedError();
      if (fired !== undefined) {
        const what =
          fired.kind === 'connect'
            ? `No response from the provider within ${fired.ms} ms`
            : fired.kind === 'idle'
              ? `The stream sent no data for ${fired.ms} ms`
              : fired.kind === 'drain'
                ? `The stream did not end within ${fired.ms} ms of its last event`
                : fired.kind === 'stream'
                  ? `The stream was still going after ${fired.ms} ms (the cap on one streamed request)`
                  : `The request did not finish within ${fired.ms} ms`;
        return {
          code: 'timeout',
          message: `${what}.`,
          retryable: true,
          hint: 'The provider is slow or unreachable; try again, or raise the timeout.',
          details: { timeout: fired.kind, timeoutMs: fired.ms },
        };
      }
      return {
        code: 'network',
        message: `Network error: ${describe(error)}.`,
        retryable: true,
        hint: 'Check the network and the base URL.',
      };
    },
    close(completed = false) {
      disarm();
      userSignal?.removeEventListener('abort', onAbort);
      if (!completed && !controller.signal.aborted) controller.abort(new Error('attempt closed'));
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
