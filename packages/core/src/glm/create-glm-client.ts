import { randomUUID } from 'node:crypto';
import type { ModelClient, ModelRequest, ModelResponse } from '../model-client.js';
import type { ModelEvent } from '../model-events.js';
import { abortedError } from './attempt-control.js';
import type { AttemptInput, AttemptOutcome } from './attempt-setup.js';
import { completeAttempt } from './complete-attempt.js';
import { type GlmClientOptions, type ResolvedGlmOptions, resolveGlmOptions } from './glm-client-options.js';
import { type AttemptDecision, createAttemptJudge } from './judge-attempt.js';
import { type BodyText, createBodyWriter } from './request-body-writer.js';
import { sleep } from './retry-plan.js';
import { streamAttempt } from './stream-attempt.js';

/**
 * Creates a GLM-4.7 client for Z.AI, bigmodel.cn or a self-hosted OpenAI-compatible server. Throws `invalid-options`
 * synchronously for a missing key or base URL. Interrupted and retryable requests are retried as a whole, and so
 * are replies that break the protocol (see `maxMalformedRetries`).
 */
export function createGlmClient(options: GlmClientOptions): ModelClient {
  const resolved = resolveGlmOptions(options);
  const writeBody = createBodyWriter(resolved.profile, resolved.model);
  return {
    provider: resolved.profile.name,
    model: resolved.model,
    stream(request) {
      return runStream(resolved, request, bodies(writeBody, request, true));
    },
    complete(request) {
      return runComplete(resolved, request, bodies(writeBody, request, false));
    },
  };
}

/** The request's body writers: the first attempt's mode, and non-streaming (written only when a retry needs it). */
type Bodies = { first: BodyText; nonStreaming: () => BodyText };

function bodies(
  writeBody: ReturnType<typeof createBodyWriter>,
  request: ModelRequest,
  stream: boolean,
): Bodies {
  const first = writeBody(request, stream);
  let plain: BodyText | undefined = stream ? undefined : first;
  return { first, nonStreaming: () => (plain ??= writeBody(request, false)) };
}

function attemptInput(
  options: ResolvedGlmOptions,
  bodyText: BodyText,
  thinkingEnabled: boolean,
): AttemptInput {
  const requestId = `${options.requestIdPrefix}${randomUUID()}`;
  // request_id goes last, so the bytes before it are identical across attempts and turns.
  return { options, body: bodyText(requestId), requestId, thinkingEnabled };
}

const emptyMessage = () => ({ role: 'assistant' as const, content: '' });

async function* runStream(
  options: ResolvedGlmOptions,
  request: ModelRequest,
  bodies: Bodies,
): AsyncGenerator<ModelEvent> {
  const thinkingEnabled = request.thinking?.enabled ?? true;
  const judge = createAttemptJudge(options, request);
  let streaming = true;
  for (let attempt = 1; ; attempt++) {
    const input = attemptInput(options, streaming ? bodies.first : bodies.nonStreaming(), thinkingEnabled);
    yield { type: 'message-start', requestId: input.requestId, attempt, model: options.model };
    const release = await takeSlot(options, request.signal);
    if (release === undefined) {
      yield { type: 'message-end', stopReason: 'aborted', message: emptyMessage(), error: abortedError() };
      return;
    }
    let outcome: AttemptOutcome;
    try {
      outcome = streaming
        ? yield* streamAttempt(input, request.signal)
        : await completeAttempt(input, request.signal);
    } finally {
      release();
    }
    const decision: AttemptDecision = judge(outcome, input.requestId);
    if (decision.kind === 'retry') {
      const { error, delayMs } = decision;
      yield { type: 'message-retry', attempt, error, delayMs };
      options.onRetry?.({ attempt, error, delayMs });
      if (decision.nonStreaming) streaming = false;
      try {
        await sleep(delayMs, request.signal);
        continue;
      } catch {
        yield { type: 'message-end', stopReason: 'aborted', message: emptyMessage(), error: abortedError() };
        return;
      }
    }
    const final = decision.outcome;
    // A non-streaming attempt has yielded nothing yet: its events are all in the reply.
    for (const event of final.reply.events) yield event;
    const end: ModelEvent = {
      type: 'message-end',
      stopReason: final.stopReason,
      message: final.reply.message,
    };
    if (final.reply.usage !== undefined) end.usage = final.reply.usage;
    if (final.error !== undefined) end.error = final.error;
    if (final.finishReason !== undefined) end.finishReason = final.finishReason;
    yield end;
    return;
  }
}

async function runComplete(
  options: ResolvedGlmOptions,
  request: ModelRequest,
  bodies: Bodies,
): Promise<ModelResponse> {
  const thinkingEnabled = request.thinking?.enabled ?? true;
  const judge = createAttemptJudge(options, request);
  for (let attempt = 1; ; attempt++) {
    const input = attemptInput(options, bodies.first, thinkingEnabled);
    const release = await takeSlot(options, request.signal);
    if (release === undefined)
      return {
        message: emptyMessage(),
        stopReason: 'aborted',
        error: abortedError(),
        requestId: input.requestId,
      };
    const outcome = await completeAttempt(input, request.signal).finally(release);
    const decision = judge(outcome, input.requestId);
    if (decision.kind === 'retry') {
      const { error, delayMs } = decision;
      options.onRetry?.({ attempt, error, delayMs });
      try {
        await sleep(delayMs, request.signal);
        continue;
      } catch {
        return {
          message: emptyMessage(),
          stopReason: 'aborted',
          error: abortedError(),
          requestId: input.requestId,
        };
      }
    }
    const final = decision.outcome;
    const response: ModelResponse = {
      message: final.reply.message,
      stopReason: final.stopReason,
      requestId: input.requestId,
    };
    if (final.reply.usage !== undefined) response.usage = final.reply.usage;
    if (final.error !== undefined) response.error = final.error;
    if (final.finishReason !== undefined) response.finishReason = final.finishReason;
    return response;
  }
}

/** Waits for a request slot when the client shares a limit; undefined when the request was aborted meanwhile. */
async function takeSlot(
  options: ResolvedGlmOptions,
  signal: AbortSignal | undefined,
): Promise<(() => void) | undefined> {
  if (options.requestSlots === undefined) return () => {};
  try {
    return await options.requestSlots.acquire(signal);
  } catch {
    return undefined;
  }
}
