import type { ErrorData } from '../errors.js';

/** Which timer fired. */
type TimeoutKind = 'connect' | 'idle' | 'total';

/** Cancellation and timers of one HTTP attempt. */
export type AttemptControl = {
  /** Pass to fetch; aborts on the caller's signal and on timeouts. */
  readonly signal: AbortSignal;
  /** (Re)starts the single timer of the attempt. */
  arm(kind: TimeoutKind, ms: number): void;
  /** Stops the timer. */
  disarm(): void;
  /** Turns whatever fetch or a body read threw into error data. */
  failure(error: unknown): ErrorData;
  /** Releases timers, listeners and the connection. */
  close(): void;
};

export const abortedError = (): ErrorData => ({ code: 'aborted', message: 'Aborted.', retryable: false });

export function createAttemptControl(userSignal: AbortSignal | undefined): AttemptControl {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fired: { kind: TimeoutKind; ms: number } | undefined;
  const onAbort = () => controller.abort(userSignal?.reason);
  if (userSignal?.aborted) controller.abort(userSignal.reason);
  else userSignal?.addEventListener('abort', onAbort, { once: true });

  const disarm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  return {
    signal: controller.signal,
    arm(kind, ms) {
      disarm();
      timer = setTimeout(() => {
        fired = { kind, ms };
        controller.abort(new Error(`${kind} timeout`));
      }, ms);
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
    close() {
      disarm();
      userSignal?.removeEventListener('abort', onAbort);
      if (!controller.signal.aborted) controller.abort(new Error('attempt closed'));
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
