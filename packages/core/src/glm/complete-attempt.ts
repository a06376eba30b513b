import type { ErrorData } from '../errors.js';
import { createAttemptControl } from './attempt-control.js';
import { classifyHttpResponse } from './classify-error.js';
import { mapFinishReason } from './finish-reason.js';
import type { ResolvedGlmOptions } from './glm-client-options.js';
import { sendRequest } from './send-request.js';
import { createStreamAccumulator } from './stream-accumulator.js';
import type { AttemptOutcome } from './stream-attempt.js';

type AttemptInput = {
  options: ResolvedGlmOptions;
  body: string;
  requestId: string;
  thinkingEnabled: boolean;
};

/** Runs one non-streaming attempt (`stream: false`). Never rejects. */
export async function completeAttempt(
  input: AttemptInput,
  signal: AbortSignal | undefined,
): Promise<AttemptOutcome> {
  const { options, requestId } = input;
  // The non-streaming reply has the same shape as one big chunk with `message` instead of `delta`.
  const accumulator = createStreamAccumulator({
    profile: options.profile,
    model: options.model,
    thinkingEnabled: input.thinkingEnabled,
    fallbackId: (index) => `call_${requestId}_${index}`,
  });
  const control = createAttemptControl(signal);
  const failed = (error: ErrorData): AttemptOutcome => ({
    reply: accumulator.interrupt(),
    stopReason: error.code === 'aborted' ? 'aborted' : 'error',
    error,
  });
  try {
    control.arm('total', options.completeTimeoutMs);
    const sent = await sendRequest(options, input.body, requestId, control, 'application/json');
    if (!sent.ok) return failed(sent.error);
    let text: string;
    try {
      text = await sent.response.text();
    } catch (error) {
      return failed(control.failure(error));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const record =
      typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    if (record === undefined || 'error' in record || !('choices' in record)) {
      const classified = classifyHttpResponse(sent.response.status, text, null, Date.now());
      if (record !== undefined && 'error' in record) return failed(classified);
      return failed({
        ...classified,
        code: 'protocol',
        message: `Unexpected response: ${text.slice(0, 200)}`,
      });
    }
    accumulator.push(record);
    const finishReason = accumulator.finishReason ?? 'stop';
    const mapped = mapFinishReason(finishReason);
    if (mapped.error?.retryable) return { ...failed(mapped.error), finishReason };
    const outcome: AttemptOutcome = { reply: accumulator.end(), stopReason: mapped.stopReason, finishReason };
    if (mapped.error !== undefined) outcome.error = mapped.error;
    return outcome;
  } finally {
    control.close();
  }
}
