import type { ErrorData } from './errors.js';
import type { AssistantMessage } from './messages.js';
import type { Usage } from './usage.js';

/**
 * Why a model response ended.
 * - `stop`: the model finished (or hit the stop string).
 * - `tool-calls`: the model asked for tools.
 * - `length`: `max_tokens` was reached.
 * - `content-filter`: finish reason `sensitive`.
 * - `context-window-exceeded`: finish reason `model_context_window_exceeded` or business code 1261.
 * - `error`: the request failed after all retries (see `error`), including `network_error`.
 * - `aborted`: cancelled through the AbortSignal.
 */
export type StopReason =
  | 'stop'
  | 'tool-calls'
  | 'length'
  | 'content-filter'
  | 'context-window-exceeded'
  | 'error'
  | 'aborted';

/**
 * The events of one model request, in order. Content blocks are opened, filled and closed; `message-end` is always
 * the last event, also on error and abort. A `message-retry` means everything since the previous `message-start`
 * belongs to a failed attempt and must be discarded: the request is sent again as a whole.
 */
export type ModelEvent =
  | {
      type: 'message-start';
      /** The `request_id` sent with this attempt (fresh per attempt). */
      requestId: string;
      /** 1 for the first attempt. */
      attempt: number;
      /** Model id the request was sent to. */
      model: string;
    }
  | { type: 'reasoning-start' }
  | { type: 'reasoning-delta'; delta: string }
  | { type: 'reasoning-end'; text: string }
  | { type: 'text-start' }
  | { type: 'text-delta'; delta: string }
  | { type: 'text-end'; text: string }
  | {
      type: 'tool-call-start';
      /** The stream index of the call (its position in the message's tool calls). */
      index: number;
      id: string;
      name: string;
    }
  | {
      type: 'tool-call-delta';
      index: number;
      /** A raw fragment of the argument JSON text. */
      delta: string;
    }
  | {
      type: 'tool-call-end';
      index: number;
      id: string;
      name: string;
      /** The exact argument text. */
      arguments: string;
      /** The parsed arguments, when `arguments` is valid JSON. */
      input?: unknown;
      /** Why `arguments` could not be parsed, when it could not. */
      parseError?: string;
    }
  | { type: 'usage'; usage: Usage }
  | {
      type: 'message-retry';
      /** The attempt that failed. */
      attempt: number;
      error: ErrorData;
      /** How long the client waits before the next attempt. */
      delayMs: number;
    }
  | {
      type: 'message-end';
      stopReason: StopReason;
      /** The whole reply of the successful attempt (partial on error or abort). */
      message: AssistantMessage;
      usage?: Usage;
      /** Set when `stopReason` is `error` (and for `content-filter` / `context-window-exceeded`). */
      error?: ErrorData;
      /** The provider's own finish reason string, when it sent one. */
      finishReason?: string;
    };

export type ModelEventType = ModelEvent['type'];
