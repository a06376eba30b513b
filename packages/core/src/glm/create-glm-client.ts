import { randomUUID } from 'node:crypto';
import type { ErrorData } from '../errors.js';
import type { ModelClient, ModelRequest, ModelResponse } from '../model-client.js';
import type { ModelEvent } from '../model-events.js';
import { redactErrorData } from '../secrets/redact-secrets.js';
import { abortedError } from './attempt-control.js';
import type { AttemptOutcome } from './attempt-setup.js';
import { completeAttempt } from './complete-attempt.js';
import { type GlmClientOptions, type ResolvedGlmOptions, resolveGlmOptions } from './glm-client-options.js';
import { type BodyText, createBodyWriter } from './request-body-writer.js';
import { planRetry, sleep } from './retry-plan.js';
import { streamAttempt } from './stream-attempt.js';

/**
 * Creates a GLM-4.7 client for Z.AI, bigmodel.cn or a self-hosted OpenAI-compatible server. Throws `invalid-options`
 * synchronously for a missing key or base URL. Interrupted and retryable requests are retried as a whole.
 */
export function createGlmClient(options: GlmClientOptions): ModelClient {
  const resolved = resolveGlmOptions(options);
  const writeBody = createBodyWriter(resolved.profile, resolved.model);
  return {
    provider: resolved.profile.name,
    model: resolved.model,
    stream(request) {
      return runStream(resolved, request, writeBody(request, true));
    },
    complete(request) {
      return runComplete(resolved, request, writeBody(request, false));
    },
  };
}

type Attempt = { body: string; requestId: string };

function newAttempt(options: ResolvedGlmOptions, bodyText: BodyText): Attempt {
  const requestId = `${options.requestIdPrefix}${randomUUID()}`;
  // request_id goes last, so the bytes before it are identical across attempts and turns.
  return { body: bodyText(requestId), requestId };
}

const emptyMessage = () => ({ role: 'assistant' as const, content: '' });

async function* runStream(
  options: ResolvedGlmOptions,
  request: ModelRequest,
  bodyText: BodyText,
): AsyncGenerator<ModelEvent> {
  const redact = (error: ErrorData) => redactErrorData(error, options.secrets);
  const thinkingEnabled = request.thinking?.enabled ?? true;
  const retriesByCode = new Map<string, number>();
  for (let attempt = 1; ; attempt++) {
    const { body, requestId } = newAttempt(options, bodyText);
    yield { type: 'message-start', requestId, attempt, model: options.model };
    const outcome: AttemptOutcome = yield* streamAttempt(
      { options, body, requestId, thinkingEnabled },
      request.signal,
    );
    const error = outcome.error === undefined ? undefined : redact(outcome.error);
    const delayMs =
      error === undefined || outcome.stopReason !== 'error'
        ? undefined
        : planRetry(error, attempt - 1, retriesByCode, options.retry);
    if (error !== undefined && delayMs !== undefined) {
      yield { type: 'message-retry', attempt, error, delayMs };
      options.onRetry?.({ attempt, error, delayMs });
      try {
        await sleep(delayMs, request.signal);
        continue;
      } catch {
        yield { type: 'message-end', stopReason: 'aborted', message: emptyMessage(), error: abortedError() };
        return;
      }
    }
    for (const event of outcome.reply.events) yield event;
    const end: ModelEvent = {
      type: 'message-end',
      stopReason: outcome.stopReason,
      message: outcome.reply.message,
    };
    if (outcome.reply.usage !== undefined) end.usage = outcome.reply.usage;
    if (error !== undefined) end.error = error;
    if (outcome.finishReason !== undefined) end.finishReason = outcome.finishReason;
    yield end;
    return;
  }
}

async function runComplete(
  options: ResolvedGlmOptions,
  request: ModelRequest,
  bodyText: BodyText,
): Promise<ModelResponse> {
  const thinkingEnabled = request.thinking?.enabled ?? true;
  const retriesByCode = new Map<string, number>();
  for (let attempt = 1; ; attempt++) {
    const { body, requestId } = newAttempt(options, bodyText);
    const outcome = await completeAttempt({ options, body, requestId, thinkingEnabled }, request.signal);
    const error = outcome.error === undefined ? undefined : redactErrorData(outcome.error, options.secrets);
    const delayMs =
      error === undefined || outcome.stopReason !== 'error'
        ? undefined
        : planRetry(error, attempt - 1, retriesByCode, options.retry);
    if (error !== undefined && delayMs !== undefined) {
      options.onRetry?.({ attempt, error, delayMs });
      try {
        await sleep(delayMs, request.signal);
        continue;
      } catch {
        return { message: emptyMessage(), stopReason: 'aborted', error: abortedError(), requestId };
      }
    }
    const response: ModelResponse = {
      message: outcome.reply.message,
      stopReason: outcome.stopReason,
      requestId,
    };
    if (outcome.reply.usage !== undefined) response.usage = outcome.reply.usage;
    if (error !== undefined) response.error = error;
    if (outcome.finishReason !== undefined) response.finishReason = outcome.finishReason;
    return response;
  }
}
