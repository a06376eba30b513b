import type { ErrorData } from '../errors.js';
import { toErrorData } from '../errors.js';
import type { AssistantMessage } from '../messages.js';
import type { ModelClient, ModelRequest } from '../model-client.js';
import type { ModelEvent, StopReason } from '../model-events.js';
import type { Usage } from '../usage.js';

/** The outcome of one model request. */
export type TurnOutcome = {
  message: AssistantMessage;
  stopReason: StopReason;
  usage?: Usage;
  error?: ErrorData;
  finishReason?: string;
};

/**
 * Sends one request and forwards its events (when `forward` is given). Never throws: a client that breaks its
 * contract by throwing or ending without `message-end` becomes an `error` outcome.
 */
export async function requestTurn(
  model: ModelClient,
  request: ModelRequest,
  forward?: (event: ModelEvent) => void,
): Promise<TurnOutcome> {
  let end: Extract<ModelEvent, { type: 'message-end' }> | undefined;
  try {
    for await (const event of model.stream(request)) {
      forward?.(event);
      if (event.type === 'message-end') end = event;
    }
  } catch (error) {
    const data = toErrorData(error);
    if (request.signal?.aborted) return { message: emptyMessage(model), stopReason: 'aborted', error: data };
    return { message: emptyMessage(model), stopReason: 'error', error: data };
  }
  if (end === undefined) {
    const error: ErrorData = {
      code: 'protocol',
      message: 'The model stream ended without message-end.',
      retryable: false,
    };
    return { message: emptyMessage(model), stopReason: 'error', error };
  }
  const outcome: TurnOutcome = { message: end.message, stopReason: end.stopReason };
  if (end.usage !== undefined) outcome.usage = end.usage;
  if (end.error !== undefined) outcome.error = end.error;
  if (end.finishReason !== undefined) outcome.finishReason = end.finishReason;
  return outcome;
}

function emptyMessage(model: ModelClient): AssistantMessage {
  return { role: 'assistant', content: '', model: model.model };
}

/** True when the request failed because the prompt does not fit the context window. */
export function isContextOverflow(outcome: TurnOutcome): boolean {
  return outcome.stopReason === 'context-window-exceeded' || outcome.error?.code === 'prompt-too-long';
}
