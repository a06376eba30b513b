import type { ErrorData } from '../errors.js';
import type { ModelEvent } from '../model-events.js';
import { type AttemptControl, abortedError } from './attempt-control.js';
import { type AttemptInput, type AttemptOutcome, setUpAttempt } from './attempt-setup.js';
import { classifyHttpResponse, classifyProviderError, readErrorEnvelope } from './classify-error.js';
import { mapFinishReason } from './finish-reason.js';
import { sendRequest } from './send-request.js';
import { createSseDecoder } from './sse-decoder.js';
import type { StreamAccumulator } from './stream-accumulator.js';

/** Runs one streamed attempt: yields its events, returns how it ended. Never throws. */
export async function* streamAttempt(
  input: AttemptInput,
  signal: AbortSignal | undefined,
): AsyncGenerator<ModelEvent, AttemptOutcome> {
  const { options, requestId } = input;
  const { accumulator, control, failed } = setUpAttempt(input, signal);
  // Set once the body was read to its end: the connection is then free for the next request as it is.
  let completed = false;
  try {
    control.arm('connect', options.connectTimeoutMs);
    control.capTotal(options.streamTimeoutMs);
    const sent = await sendRequest(options, input.body, requestId, control, 'text/event-stream');
    if (!sent.ok) return failed(sent.error);
    const response = sent.response;
    if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      return failed(await readUnexpectedBody(response, control));
    }
    if (response.body === null) return failed(protocolError('The stream response has no body.'));
    const reader = response.body.getReader();
    const decoder = createSseDecoder();
    let done = false;
    control.watchIdle(options.idleTimeoutMs);
    try {
      while (!done) {
        control.waiting(true);
        const read = await reader.read();
        // Time spent by the consumer between events is not the server's silence.
        control.waiting(false);
        if (read.done) completed = true;
        const payloads = read.done ? decoder.end() : decoder.push(read.value);
        for (const payload of payloads) {
          // The caller may abort while consuming an event; stop before the next one.
          if (signal?.aborted) return failed(abortedError());
          if (payload.trim() === '[DONE]') {
            done = true;
            break;
          }
          const chunk = parseChunk(payload);
          if (chunk === undefined) return failed(unreadableChunk(payload));
          const envelope = 'error' in chunk ? readErrorEnvelope(chunk) : undefined;
          if (envelope !== undefined) {
            const failure: Parameters<typeof classifyProviderError>[0] = {
              providerMessage: envelope.message ?? '',
            };
            if (envelope.code !== undefined) failure.providerCode = envelope.code;
            return failed(classifyProviderError(failure));
          }
          // A plain loop: `yield*` over an array goes through an async-from-sync iterator (a promise per event).
          for (const event of accumulator.push(chunk)) yield event;
        }
        if (read.done) break;
      }
      if (done && !completed) completed = await drainAfterDone(reader, control);
    } catch (error) {
      // A drop after the finish reason loses nothing.
      if (accumulator.finishReason === undefined || signal?.aborted) return failed(control.failure(error));
    } finally {
      control.disarm();
      // Cancelling a body that is still open aborts the fetch and closes its connection.
      if (!completed) reader.cancel().catch(() => {});
    }
    return finish(accumulator, done);
  } finally {
    control.close(completed);
  }
}

/** How long to wait, after `[DONE]`, for the body to end before the connection is given up. */
const drainGraceMs = 200;

/**
 * Reads what follows `[DONE]` (normally nothing but the end of the body, already received), so the keep-alive
 * connection can serve the next request instead of being closed by a cancel. A body still open after the grace time
 * is aborted by the attempt's timer. Returns whether the body ended.
 */
async function drainAfterDone(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  control: AttemptControl,
): Promise<boolean> {
  try {
    const first = reader.read();
    // Usually the end arrived with `[DONE]`: settled before the next turn of the event loop, no timer needed.
    const early = await Promise.race([
      first,
      new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))),
    ]);
    if (early?.done) return true;
    control.arm('drain', drainGraceMs);
    if (early === undefined && (await first).done) return true;
    while (!(await reader.read()).done) {}
    return true;
  } catch {
    return false;
  }
}

function finish(accumulator: StreamAccumulator, sawDone: boolean): AttemptOutcome {
  const finishReason = accumulator.finishReason;
  if (finishReason === undefined && !sawDone) {
    return {
      reply: accumulator.interrupt(),
      stopReason: 'error',
      error: {
        code: 'network',
        message: 'The stream ended before the reply finished.',
        retryable: true,
        hint: 'The connection dropped; try again.',
      },
    };
  }
  const mapped = mapFinishReason(finishReason ?? 'stop', accumulator.sawToolCalls);
  if (mapped.error?.retryable)
    return {
      reply: accumulator.interrupt(),
      stopReason: 'error',
      error: mapped.error,
      finishReason: finishReason ?? 'stop',
    };
  const outcome: AttemptOutcome = { reply: accumulator.end(), stopReason: mapped.stopReason };
  if (mapped.error !== undefined) outcome.error = mapped.error;
  if (finishReason !== undefined) outcome.finishReason = finishReason;
  return outcome;
}

function parseChunk(payload: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A chunk that is not one JSON object, such as two SSE frames glued together mid-JSON (reported from Z.AI): the
 * attempt failed in transit, so it is retried, at most twice for this cause.
 */
function unreadableChunk(payload: string): ErrorData {
  return {
    code: 'protocol',
    message: `Unreadable stream chunk (not one JSON object): ${payload.slice(0, 200)}`,
    retryable: true,
    hint: 'The stream was garbled in transit; Wright retried the request. Try again if it persists.',
    details: { maxRetries: 2 },
  };
}

function protocolError(message: string): ErrorData {
  return {
    code: 'protocol',
    message,
    retryable: false,
    hint: 'The server does not speak the GLM streaming protocol.',
  };
}

/** A 2xx answer that is not SSE: an error envelope in disguise, or a server that ignored `stream: true`. */
async function readUnexpectedBody(response: Response, control: AttemptControl): Promise<ErrorData> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return control.failure(error);
  }
  const classified = classifyHttpResponse(
    response.status,
    text,
    response.headers.get('retry-after'),
    Date.now(),
  );
  if (classified.providerCode !== undefined || /"error"/.test(text)) return classified;
  return protocolError(
    `Expected an event stream, got ${response.headers.get('content-type') ?? 'no content type'}.`,
  );
}
