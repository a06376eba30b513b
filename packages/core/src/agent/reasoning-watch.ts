import type { ModelEvent } from '../model-events.js';

/** Watches one model request for thinking that goes on and on without an answer. */
export type ReasoningWatch = {
  /** Aborts the request once the budget is spent; pass it (with the run's) to the request. */
  readonly signal: AbortSignal;
  /** Feed every model event of the request. */
  observe(event: ModelEvent): void;
  /** Whether the budget cut the request off. */
  readonly cut: boolean;
};

/**
 * Counts the reasoning characters of each attempt until the first answer text or tool call; past `maxChars`, the
 * request is aborted (GLM's thinking has been reported never to end at some temperatures).
 */
export function createReasoningWatch(maxChars: number): ReasoningWatch {
  const controller = new AbortController();
  let chars = 0;
  let answered = false;
  return {
    signal: controller.signal,
    get cut() {
      return controller.signal.aborted;
    },
    observe(event) {
      if (event.type === 'message-start') {
        chars = 0;
        answered = false;
      } else if (
        event.type === 'tool-call-start' ||
        (event.type === 'text-delta' && event.delta.trim() !== '')
      ) {
        answered = true;
      } else if (event.type === 'reasoning-delta' && !answered) {
        chars += event.delta.length;
        if (chars > maxChars && !controller.signal.aborted)
          controller.abort(new Error(`reasoning budget of ${maxChars} characters spent`));
      }
    },
  };
}
