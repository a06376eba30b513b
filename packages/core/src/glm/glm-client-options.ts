import type { ErrorData } from '../errors.js';
import { wrightError } from '../errors.js';
import {
  isProviderName,
  type ProviderName,
  type ProviderProfile,
  providerProfiles,
} from './provider-profiles.js';
import type { RequestSlots } from './request-slots.js';
import type { RetrySettings } from './retry-plan.js';

/** Options of `createGlmClient`. */
export type GlmClientOptions = {
  /** Provider profile; default `zai`. */
  provider?: ProviderName;
  /** Model id sent on the wire; default `glm-4.7`. */
  model?: string;
  /** API key; required for the hosted profiles (`zai*`, `bigmodel*`), optional for self-hosted ones. */
  apiKey?: string;
  /** Base URL without `/chat/completions`; overrides the profile's; required for self-hosted profiles. */
  baseUrl?: string;
  /** Retries after the first attempt, for retryable failures; default 4. */
  maxRetries?: number;
  /** First backoff delay in ms (doubles per retry, with jitter); default 1000. */
  retryBaseDelayMs?: number;
  /** Cap on the backoff delay in ms; default 30000. */
  retryMaxDelayMs?: number;
  /** Cap on a server's `Retry-After` in ms; default 60000. */
  maxRetryAfterMs?: number;
  /** Max ms from sending a request to its response headers; default 120000. */
  connectTimeoutMs?: number;
  /** Max ms between two chunks of a stream; default 120000. */
  idleTimeoutMs?: number;
  /** Max ms for a whole non-streaming request (`complete`); default 600000. */
  completeTimeoutMs?: number;
  /**
   * Max ms for one whole streamed attempt, however steadily it trickles (the idle limit only catches silence);
   * default 1800000 (30 minutes). A stream cut by it is retried like a dropped connection.
   */
  streamTimeoutMs?: number;
  /**
   * Extra attempts for a reply that breaks the protocol although the request succeeded: a `tool_calls` finish
   * without calls, tool-call arguments that are not JSON, tool-call markup written as text that cannot be
   * recovered, or no answer at all. These attempts are sent without streaming. Default 2; 0 turns them off.
   */
  maxMalformedRetries?: number;
  /**
   * Shared limit on concurrent requests (see `createRequestSlots`): each attempt holds a slot from sending to the
   * end of its reply. Give clients that share a Coding Plan key the same slots so parallel runs queue.
   */
  requestSlots?: RequestSlots;
  /** Extra HTTP headers for every request. */
  headers?: Record<string, string>;
  /**
   * More values replaced by `[redacted]` in errors, besides `apiKey` and secret-looking headers: e.g. every secret
   * of `childEnvironment` (a proxy or gateway may echo any of them back).
   */
  redact?: readonly string[];
  /** The fetch implementation; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Prefix of generated `request_id`s; default `wright-`. */
  requestIdPrefix?: string;
  /** Called before each retry with the failed attempt, its (redacted) error and the delay. */
  onRetry?: (retry: { attempt: number; error: ErrorData; delayMs: number }) => void;
  /** Source of randomness for backoff jitter; default `Math.random`. */
  random?: () => number;
};

/** Options with defaults applied and checked. */
export type ResolvedGlmOptions = {
  profile: ProviderProfile;
  model: string;
  url: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  retry: RetrySettings;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  completeTimeoutMs: number;
  streamTimeoutMs: number;
  maxMalformedRetries: number;
  requestIdPrefix: string;
  secrets: string[];
  onRetry?: GlmClientOptions['onRetry'];
  requestSlots?: RequestSlots;
};

const secretHeaderPattern = /auth|key|token|secret|cookie/i;

/** Applies defaults and throws `invalid-options` for missing or impossible settings. */
export function resolveGlmOptions(options: GlmClientOptions): ResolvedGlmOptions {
  const providerName = options.provider ?? 'zai';
  if (!isProviderName(providerName))
    throw wrightError('invalid-options', `Unknown provider ${JSON.stringify(providerName)}.`);
  const profile = providerProfiles[providerName];
  if (profile.requiresApiKey && (options.apiKey === undefined || options.apiKey.trim() === '')) {
    throw wrightError('invalid-options', `Provider ${providerName} needs an API key (apiKey).`, {
      hint: 'Set ZAI_API_KEY or pass apiKey.',
    });
  }
  const baseUrl = options.baseUrl ?? profile.defaultBaseUrl;
  if (baseUrl === undefined || baseUrl.trim() === '') {
    throw wrightError(
      'invalid-options',
      `Provider ${providerName} needs a baseUrl (e.g. http://127.0.0.1:8000/v1).`,
    );
  }
  if (!URL.canParse(baseUrl))
    throw wrightError('invalid-options', `baseUrl ${JSON.stringify(baseUrl)} is not a URL.`);
  const number = (name: string, value: number | undefined, fallback: number, minimum: number) => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < minimum)
      throw wrightError('invalid-options', `${name} must be a number ≥ ${minimum}.`);
    return value;
  };
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  if (typeof fetchImplementation !== 'function')
    throw wrightError('invalid-options', 'No fetch implementation available.');
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...profile.headers };
  if (options.apiKey !== undefined && options.apiKey !== '')
    headers.Authorization = `Bearer ${options.apiKey}`;
  Object.assign(headers, options.headers);
  const secrets = [
    options.apiKey ?? '',
    ...Object.entries(options.headers ?? {})
      .filter(([name]) => secretHeaderPattern.test(name))
      .map(([, value]) => value),
    ...(options.redact ?? []),
  ].filter((secret) => secret.length >= 4);
  const resolved: ResolvedGlmOptions = {
    profile,
    model: options.model ?? 'glm-4.7',
    url: `${baseUrl.replace(/\/+$/, '')}/chat/completions`,
    headers,
    fetch: fetchImplementation,
    retry: {
      maxRetries: Math.floor(number('maxRetries', options.maxRetries, 4, 0)),
      baseDelayMs: number('retryBaseDelayMs', options.retryBaseDelayMs, 1000, 0),
      maxDelayMs: number('retryMaxDelayMs', options.retryMaxDelayMs, 30_000, 0),
      maxRetryAfterMs: number('maxRetryAfterMs', options.maxRetryAfterMs, 60_000, 0),
      random: options.random ?? Math.random,
    },
    connectTimeoutMs: number('connectTimeoutMs', options.connectTimeoutMs, 120_000, 1),
    idleTimeoutMs: number('idleTimeoutMs', options.idleTimeoutMs, 120_000, 1),
    completeTimeoutMs: number('completeTimeoutMs', options.completeTimeoutMs, 600_000, 1),
    streamTimeoutMs: number('streamTimeoutMs', options.streamTimeoutMs, 1_800_000, 1),
    maxMalformedRetries: Math.floor(number('maxMalformedRetries', options.maxMalformedRetries, 2, 0)),
    requestIdPrefix: (options.requestIdPrefix ?? 'wright-').slice(0, 28),
    secrets,
  };
  if (options.onRetry !== undefined) resolved.onRetry = options.onRetry;
  if (options.requestSlots !== undefined) resolved.requestSlots = options.requestSlots;
  return resolved;
}
