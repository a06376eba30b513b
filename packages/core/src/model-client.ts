import type { ErrorData } from './errors.js';
import type { AssistantMessage, Message } from './messages.js';
import type { ModelEvent, StopReason } from './model-events.js';
import type { Usage } from './usage.js';

/** A JSON Schema object, as sent to the model in a function tool's `parameters`. */
export type JsonSchema = { [key: string]: unknown };

/** A function tool as the model sees it. */
export type ToolSpec = {
  /** Must match `^[a-zA-Z0-9_-]+$`, at most 64 characters. */
  name: string;
  description: string;
  /** A JSON Schema with `type: "object"`. */
  parameters: JsonSchema;
};

/** Thinking settings for one request (turn-level thinking). */
export type ThinkingSetting = {
  /** Whether this request thinks. GLM-4.7 thinks unless told not to. */
  enabled: boolean;
  /**
   * Whether the server drops reasoning of earlier turns. Wright defaults to `false` (preserved thinking), which keeps
   * the prompt append-only and cache-friendly.
   */
  clearThinking?: boolean;
};

/** One chat-completions request, independent of provider. */
export type ModelRequest = {
  messages: Message[];
  /** Function tools; omitted from the wire when empty (tool_choice is then omitted too). */
  tools?: ToolSpec[];
  /** Default: `{ enabled: true, clearThinking: false }`. */
  thinking?: ThinkingSetting;
  /** `max_tokens`, 1..131072. */
  maxTokens?: number;
  /** 0..1. */
  temperature?: number;
  /** 0.01..1. */
  topP?: number;
  /** `false` makes sampling greedy. */
  doSample?: boolean;
  /** A single stop string (GLM accepts only one). */
  stop?: string;
  /** `json_object` asks for a JSON answer. */
  responseFormat?: 'text' | 'json_object';
  /** End-user id, 6..128 characters. */
  userId?: string;
  /** Cancels the request at once. */
  signal?: AbortSignal;
};

/** The whole result of a non-streaming request (or of a folded stream). */
export type ModelResponse = {
  message: AssistantMessage;
  stopReason: StopReason;
  usage?: Usage;
  error?: ErrorData;
  finishReason?: string;
  requestId: string;
};

/**
 * A model provider. `stream` never throws once iteration has started: every failure ends the stream with a
 * `message-end` whose stop reason is `error` or `aborted`. Programmer errors (invalid request options) throw
 * synchronously before the first event.
 */
export interface ModelClient {
  /** Provider profile name, e.g. `zai`. */
  readonly provider: string;
  /** Model id sent on the wire, e.g. `glm-4.7`. */
  readonly model: string;
  stream(request: ModelRequest): AsyncIterable<ModelEvent>;
  /** The non-streaming path (`stream: false`); resolves (never rejects) with the response. */
  complete(request: ModelRequest): Promise<ModelResponse>;
}
