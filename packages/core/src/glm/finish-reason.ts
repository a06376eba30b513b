import type { ErrorData } from '../errors.js';
import type { StopReason } from '../model-events.js';

/** What a `finish_reason` means for the request. */
export type FinishOutcome = {
  stopReason: StopReason;
  /** Set for finish reasons that are failures. */
  error?: ErrorData;
};

/**
 * Maps a GLM `finish_reason` to a stop reason (and an error for the failing ones). Once a tool call was seen, a
 * `stop` (or unknown) finish still means tool calls: servers have sent `tool_calls` and then a second `stop` chunk.
 */
export function mapFinishReason(reason: string, sawToolCalls = false): FinishOutcome {
  switch (reason) {
    case 'stop':
      return { stopReason: sawToolCalls ? 'tool-calls' : 'stop' };
    case 'tool_calls':
      return { stopReason: 'tool-calls' };
    case 'length':
      return { stopReason: 'length' };
    case 'sensitive':
      return {
        stopReason: 'content-filter',
        error: {
          code: 'blocked-content',
          message: 'GLM stopped the reply: finish_reason "sensitive" (content safety).',
          retryable: false,
          hint: 'The content was blocked by the provider content policy; rephrase the task.',
        },
      };
    case 'model_context_window_exceeded':
      return {
        stopReason: 'context-window-exceeded',
        error: {
          code: 'prompt-too-long',
          message: 'GLM stopped the reply: finish_reason "model_context_window_exceeded".',
          retryable: false,
          hint: 'The prompt and reply exceed the context window; compact the conversation.',
        },
      };
    case 'network_error':
      return {
        stopReason: 'error',
        error: {
          code: 'network',
          message: 'GLM inference failed server-side: finish_reason "network_error".',
          retryable: true,
          hint: 'A server-side failure; the request was retried. Try again later.',
        },
      };
    default:
      // Unknown reasons (e.g. `eos` from some servers) end the reply normally.
      return { stopReason: sawToolCalls ? 'tool-calls' : 'stop' };
  }
}
