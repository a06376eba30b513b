import type { ErrorCode, ErrorData } from '../errors.js';
import { businessCodes } from './business-codes.js';

/** The parts of a failed response that decide its classification. */
export type ProviderFailure = {
  /** HTTP status, when the failure was an HTTP response (absent for mid-stream errors). */
  status?: number;
  /** `error.code` of the envelope (string or number on the wire). */
  providerCode?: string | number;
  /** `error.message` of the envelope, or a short excerpt of a non-JSON body. */
  providerMessage?: string;
  /** Milliseconds from `Retry-After`, when present. */
  retryAfterMs?: number;
};

const contextOverflowPattern =
  /context (length|window)|prompt (is )?too long|exceeds max length|too many tokens/i;

/** Classifies a provider error by business code, falling back on the HTTP status and then the message. */
export function classifyProviderError(failure: ProviderFailure): ErrorData {
  const providerCode = failure.providerCode === undefined ? undefined : String(failure.providerCode);
  const rule = providerCode === undefined ? undefined : businessCodes[providerCode];
  const fallback = rule ?? classifyByStatus(failure.status, failure.providerMessage);
  const where = [
    providerCode === undefined ? undefined : `code ${providerCode}`,
    failure.status === undefined ? undefined : `HTTP ${failure.status}`,
  ].filter((part) => part !== undefined);
  const label = where.length > 0 ? `GLM API error (${where.join(', ')})` : 'GLM API error';
  const data: ErrorData = {
    code: fallback.code,
    message: `${label}: ${failure.providerMessage?.trim() || 'no message'}`,
    retryable: fallback.retryable,
    hint: fallback.hint,
  };
  if (failure.status !== undefined) data.status = failure.status;
  if (providerCode !== undefined) data.providerCode = providerCode;
  if (failure.retryAfterMs !== undefined) data.retryAfterMs = failure.retryAfterMs;
  if (rule?.maxRetries !== undefined) data.details = { maxRetries: rule.maxRetries };
  const resetAt = providerCode === '1308' ? readResetTime(failure.providerMessage ?? '') : undefined;
  if (resetAt !== undefined) data.details = { ...data.details, resetAt };
  return data;
}

/** Offset of the time in 1308 messages when they name none: the platform's own clock, China Standard Time. */
const platformOffset = '+08:00';

/**
 * Reads the reset time out of a 1308 message ("Your limit will reset at 2026-08-27 21:31:39") as an ISO time.
 * The text names no zone; it is read as UTC+8 (the platform's clock) unless it carries an offset or `Z`.
 */
export function readResetTime(message: string): string | undefined {
  const match = /(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(Z|UTC|[+-]\d{2}:?\d{2})?/.exec(message);
  if (match === null) return undefined;
  const zone = match[3] === undefined ? platformOffset : match[3] === 'UTC' ? 'Z' : match[3];
  const offset = /^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const time = match[2]?.length === 5 ? `${match[2]}:00` : match[2];
  const parsed = Date.parse(`${match[1]}T${time}${offset}`);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

type Fallback = { code: ErrorCode; retryable: boolean; hint: string };

function classifyByStatus(status: number | undefined, message: string | undefined): Fallback {
  if (message !== undefined && contextOverflowPattern.test(message)) {
    return {
      code: 'prompt-too-long',
      retryable: false,
      hint: 'The prompt is too long; compact the conversation.',
    };
  }
  if (status === undefined) {
    return { code: 'unknown', retryable: false, hint: 'The provider reported an error mid-stream.' };
  }
  if (status === 401 || status === 403) {
    return { code: 'auth', retryable: false, hint: 'Check the API key: it is missing, wrong or expired.' };
  }
  if (status === 408) return { code: 'timeout', retryable: true, hint: 'The provider timed out; try again.' };
  if (status === 429) return { code: 'rate-limit', retryable: true, hint: 'Rate limited; slow down.' };
  if (status === 434)
    return { code: 'account', retryable: false, hint: 'The key has no permission for this API.' };
  if (status === 413) {
    return {
      code: 'prompt-too-long',
      retryable: false,
      hint: 'The request is too large; compact the conversation.',
    };
  }
  if (status >= 500)
    return { code: 'overloaded', retryable: true, hint: 'The provider failed; try again later.' };
  if (status >= 400) {
    return {
      code: 'bad-request',
      retryable: false,
      hint: 'The request was rejected; check the model id and options.',
    };
  }
  return {
    code: 'protocol',
    retryable: false,
    hint: 'The provider answered outside the documented protocol.',
  };
}

/**
 * Reads `Retry-After` (delay in seconds or an HTTP date) as milliseconds from `now`; undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Pulls `{error:{code,message}}` (or vLLM's flat `{message, code}`) out of a parsed body. */
export function readErrorEnvelope(body: unknown): { code?: string | number; message?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const inner = typeof record.error === 'object' && record.error !== null ? record.error : undefined;
  const source = (inner ?? (record.object === 'error' ? record : undefined)) as
    | Record<string, unknown>
    | undefined;
  if (source === undefined) {
    return typeof record.error === 'string' ? { message: record.error } : undefined;
  }
  const envelope: { code?: string | number; message?: string } = {};
  if (typeof source.code === 'string' || typeof source.code === 'number') envelope.code = source.code;
  if (typeof source.message === 'string') envelope.message = source.message;
  return envelope;
}

/** Classifies an HTTP error response from its status, body text and `Retry-After` header. */
export function classifyHttpResponse(
  status: number,
  bodyText: string,
  retryAfter: string | null,
  now: number,
) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const envelope = readErrorEnvelope(parsed);
  const failure: ProviderFailure = {
    status,
    providerMessage: envelope?.message ?? bodyText.slice(0, 300),
  };
  // vLLM repeats the HTTP status as `code`; only Z.AI business codes are looked up.
  if (envelope?.code !== undefined && String(envelope.code) !== String(status))
    failure.providerCode = envelope.code;
  else if (envelope?.code !== undefined && businessCodes[String(envelope.code)] !== undefined) {
    failure.providerCode = envelope.code;
  }
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  return classifyProviderError(failure);
}
