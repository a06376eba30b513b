/**
 * One error type for the whole framework. Errors are plain data (code, message, retryable, data) so they cross
 * event streams, journals and process boundaries unchanged. A `Symbol.for` brand identifies them even when two
 * copies of this package are loaded.
 */

/** Every error code Wright produces. Provider errors are classified from Z.AI business codes. */
export type ErrorCode =
  /** Key missing, invalid or expired (1000–1004, HTTP 401). */
  | 'auth'
  /** Account inactive, locked or without permission (1100–1121, 1220–1222, 1311). */
  | 'account'
  /** Account balance exhausted (1113). Not retried. */
  | 'no-balance'
  /** A daily, weekly, monthly or plan quota is used up (1304, 1308, 1309, 1310). Not retried. */
  | 'quota'
  /** Too many requests or too much concurrency (1302, 1303, 1313). Retried with backoff. */
  | 'rate-limit'
  /** The provider is overloaded or failed internally (500, 1120, 1230, 1234, 1305, 1312, HTTP 5xx). Retried. */
  | 'overloaded'
  /** The prompt does not fit the context window (1261, `model_context_window_exceeded`). Compact, then retry. */
  | 'prompt-too-long'
  /** The request was malformed or named an unknown model (1200–1215, HTTP 400). */
  | 'bad-request'
  /** The input or output was blocked by content policy (1300, 1301, finish reason `sensitive`). */
  | 'blocked-content'
  /** Could not connect, the connection dropped, or the server reported `network_error`. Retried. */
  | 'network'
  /** No response (connect timeout) or no data for too long (idle timeout). Retried. */
  | 'timeout'
  /** Cancelled through an AbortSignal. */
  | 'aborted'
  /** The provider answered with something that is not the documented protocol. */
  | 'protocol'
  /**
   * The request succeeded but the reply breaks the protocol: a `tool_calls` finish without calls, arguments that
   * are not JSON, tool-call markup written as text, or no answer at all. Retried without streaming, then fatal.
   */
  | 'malformed-reply'
  /** Options passed by the program were invalid (thrown synchronously). */
  | 'invalid-options'
  /** A tool failed. */
  | 'tool'
  /** A session journal could not be read or written. */
  | 'session'
  /** A workspace operation failed (path outside the root, conflicting change, git failure). */
  | 'workspace'
  /** Anything else. */
  | 'unknown';

/** The serialisable form of an error. */
export type ErrorData = {
  code: ErrorCode;
  /** One line naming the cause; for provider errors it includes the business code. */
  message: string;
  /** Whether retrying the same request may succeed. */
  retryable: boolean;
  /** What the user should do about it, in one line, when there is something to do. */
  hint?: string;
  /** HTTP status of the failed response, when there was one. */
  status?: number;
  /** Provider business code (`error.code` of the Z.AI envelope), as a string. */
  providerCode?: string;
  /** Milliseconds the provider asked us to wait (`Retry-After`). */
  retryAfterMs?: number;
  /** Anything else worth keeping; must be JSON-serialisable. */
  details?: Record<string, unknown>;
};

const brand = Symbol.for('wright.error');

export class WrightError extends Error {
  readonly [brand] = true;
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly data: ErrorData;

  constructor(data: ErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'WrightError';
    this.code = data.code;
    this.retryable = data.retryable;
    this.data = data;
  }

  toJSON(): ErrorData {
    return this.data;
  }
}

/** True for any WrightError, including one made by another copy of this package. */
export function isWrightError(value: unknown): value is WrightError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

export function wrightError(
  code: ErrorCode,
  message: string,
  extra: Partial<Omit<ErrorData, 'code' | 'message'>> = {},
): WrightError {
  return new WrightError({ code, message, retryable: false, ...extra });
}

/** Converts anything thrown into error data without losing the message. */
export function toErrorData(error: unknown): ErrorData {
  if (isWrightError(error)) return error.data;
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'aborted', message: 'Aborted.', retryable: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unknown', message, retryable: false };
}
