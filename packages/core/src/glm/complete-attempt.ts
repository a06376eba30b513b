import { type AttemptInput, type AttemptOutcome, setUpAttempt } from './attempt-setup.js';
import { classifyHttpResponse } from './classify-error.js';
import { mapFinishReason } from './finish-reason.js';
import { sendRequest } from './send-request.js';

/** Runs one non-streaming attempt (`stream: false`). Never rejects. */
export async function completeAttempt(
  input: AttemptInput,
  signal: AbortSignal | undefined,
): Promise<AttemptOutcome> {
  const { options, requestId } = input;
  // The non-streaming reply has the same shape as one big chunk with `message` instead of `delta`.
  const { accumulator, control, failed } = setUpAttempt(input, signal);
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
    const events = accumulator.push(record);
    const finishReason = accumulator.finishReason ?? 'stop';
    const mapped = mapFinishReason(finishReason, accumulator.sawToolCalls);
    if (mapped.error?.retryable) return { ...failed(mapped.error), finishReason };
    const reply = accumulator.end();
    // The events of the one big chunk come first, so a streamed caller can replay a non-streaming attempt.
    reply.events = [...events, ...reply.events];
    const outcome: AttemptOutcome = { reply, stopReason: mapped.stopReason, finishReason };
    if (mapped.error !== undefined) outcome.error = mapped.error;
    return outcome;
  } finally {
    control.close();
  }
}
