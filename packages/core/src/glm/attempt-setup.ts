import type { ErrorData } from '../errors.js';
import type { StopReason } from '../model-events.js';
import { type AttemptControl, createAttemptControl } from './attempt-control.js';
import type { ResolvedGlmOptions } from './glm-client-options.js';
import {
  type AccumulatedReply,
  createStreamAccumulator,
  type StreamAccumulator,
} from './stream-accumulator.js';

/** How one attempt (streamed or not) ended. */
export type AttemptOutcome = {
  /** The closing events and message of this attempt. */
  reply: AccumulatedReply;
  stopReason: StopReason;
  /** Set when the attempt failed (retryable or not) or ended with a failing finish reason. */
  error?: ErrorData;
  finishReason?: string;
};

/** What one attempt sends. */
export type AttemptInput = {
  options: ResolvedGlmOptions;
  body: string;
  requestId: string;
  thinkingEnabled: boolean;
};

/** The accumulator and timers of one attempt, and how to end it as a failure. */
export function setUpAttempt(
  input: AttemptInput,
  signal: AbortSignal | undefined,
): { accumulator: StreamAccumulator; control: AttemptControl; failed: (error: ErrorData) => AttemptOutcome } {
  const { options, requestId } = input;
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
  return { accumulator, control, failed };
}
