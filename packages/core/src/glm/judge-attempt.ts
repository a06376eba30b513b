import type { ErrorData } from '../errors.js';
import type { ModelRequest } from '../model-client.js';
import { redactErrorData } from '../secrets/redact-secrets.js';
import type { AttemptOutcome } from './attempt-setup.js';
import type { ResolvedGlmOptions } from './glm-client-options.js';
import { inspectReply } from './inspect-reply.js';
import { planRetry } from './retry-plan.js';

/** What to do after one attempt: send the request again, or end with this outcome. */
export type AttemptDecision =
  | {
      kind: 'retry';
      /** Why the attempt failed (redacted). */
      error: ErrorData;
      delayMs: number;
      /** Send the next attempt without streaming (after a malformed streamed reply). */
      nonStreaming: boolean;
    }
  | { kind: 'final'; outcome: AttemptOutcome };

/**
 * Judges the attempts of one request. Transport failures are retried when the platform says they are retryable,
 * within `maxRetries`; replies that break the protocol (see `inspectReply`) are retried without streaming, within
 * `maxMalformedRetries`, and then end as a `malformed-reply` error (or, for calls whose arguments do not parse, go
 * to the caller, whose calls are then answered with the parse error). Tool calls written as text are recovered.
 */
export function createAttemptJudge(options: ResolvedGlmOptions, request: ModelRequest) {
  const toolNames = new Set((request.tools ?? []).map((tool) => tool.name));
  const retriesByCode = new Map<string, number>();
  let transportRetries = 0;
  let malformedRetries = 0;
  return (outcome: AttemptOutcome, requestId: string): AttemptDecision => {
    if (outcome.error !== undefined) {
      const error = redactErrorData(withHint(outcome.error, options), options.secrets);
      const delayMs =
        outcome.stopReason === 'error'
          ? planRetry(error, transportRetries, retriesByCode, options.retry)
          : undefined;
      if (delayMs !== undefined) {
        transportRetries++;
        return { kind: 'retry', error, delayMs, nonStreaming: false };
      }
      return { kind: 'final', outcome: { ...outcome, error } };
    }
    const verdict = inspectReply(outcome, toolNames, (position) => `call_${requestId}_r${position}`);
    if (verdict.kind === 'ok') return { kind: 'final', outcome };
    if (verdict.kind === 'recovered') return { kind: 'final', outcome: verdict.outcome };
    const attempts = malformedRetries + 1;
    if (malformedRetries < options.maxMalformedRetries) {
      malformedRetries++;
      const error: ErrorData = {
        code: 'malformed-reply',
        message: verdict.problem,
        retryable: true,
        hint: 'The reply broke the protocol; Wright sent the request again without streaming.',
      };
      return { kind: 'retry', error, delayMs: 0, nonStreaming: true };
    }
    if (verdict.usable) return { kind: 'final', outcome };
    const error: ErrorData = {
      code: 'malformed-reply',
      message: `${verdict.problem.replace(/\.$/, '')} (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}).`,
      retryable: false,
      hint:
        'The model or server keeps sending broken replies. Try again; on a self-hosted server check its tool-call ' +
        'and reasoning parsers (e.g. vLLM/SGLang --tool-call-parser glm47 --reasoning-parser glm45).',
    };
    return { kind: 'final', outcome: { ...outcome, stopReason: 'error', error } };
  };
}

/** Adds what only the client knows: a 1113 (no balance) on a general endpoint may be a Coding Plan key. */
function withHint(error: ErrorData, options: ResolvedGlmOptions): ErrorData {
  const general = options.profile.name === 'zai' || options.profile.name === 'bigmodel';
  if (error.providerCode !== '1113' || !general) return error;
  const coding = options.profile.name === 'zai' ? 'zai-coding' : 'bigmodel-coding';
  return {
    ...error,
    hint:
      `${error.hint ?? 'The account balance is exhausted; top up the account.'} If the key belongs to a GLM ` +
      `Coding Plan, use the coding endpoint: --provider ${coding}.`,
  };
}
