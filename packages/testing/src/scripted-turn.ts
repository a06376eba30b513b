import type { Quirk } from './quirks.js';

/** A tool call the scripted model makes. */
export type ScriptedToolCall = {
  /** Call id; defaults to `call_<n>` (n counts calls across the whole server). */
  id?: string;
  /** Tool name. */
  name: string;
  /** Argument JSON text, sent verbatim; an object is sent as `JSON.stringify(arguments)`. */
  arguments: string | Record<string, unknown>;
};

/** A fault the server injects instead of (or in the middle of) a normal reply. */
export type ScriptedFault =
  /** Answer with this HTTP status and the `{"error":{"code","message"}}` envelope. */
  | { kind: 'http-error'; status: number; code: string | number; message?: string; retryAfter?: string }
  /** Send `afterChunks` SSE chunks, then destroy the socket (non-streaming: destroy before answering). */
  | { kind: 'disconnect'; afterChunks: number }
  /** Send `afterChunks` SSE chunks, then `data: {"error":{...}}` and end without `[DONE]` (non-streaming: HTTP 500). */
  | { kind: 'stream-error'; afterChunks: number; code: string | number; message?: string }
  /** Send the headers, then nothing until the client disconnects or the server closes. */
  | { kind: 'hang' };

/** Token counts reported in the reply's `usage`; missing ones are estimated. */
export type ScriptedUsage = {
  /** `usage.prompt_tokens`; default: request body length / 4. */
  promptTokens?: number;
  /** `usage.completion_tokens`; default: reply text length / 4. */
  completionTokens?: number;
  /** `usage.prompt_tokens_details.cached_tokens`; default 0. */
  cachedTokens?: number;
  /** `usage.completion_tokens_details.reasoning_tokens`; omitted when not set. */
  reasoningTokens?: number;
};

/** The model's finish reasons as Z.AI spells them. */
export type ScriptedFinishReason =
  | 'stop'
  | 'tool_calls'
  | 'length'
  | 'sensitive'
  | 'network_error'
  | 'model_context_window_exceeded';

/** One scripted model reply (or fault). */
export type ScriptedTurn = {
  /** Streamed as `delta.reasoning_content` (`delta.reasoning` for dialect `vllm`). */
  reasoning?: string;
  /** Streamed as `delta.content`. */
  content?: string;
  /** Tool calls, streamed after reasoning and content. */
  toolCalls?: ScriptedToolCall[];
  /** Default: `tool_calls` when toolCalls is non-empty, else `stop`. */
  finishReason?: ScriptedFinishReason;
  /** Reported usage; missing counts are estimated (characters / 4), cachedTokens 0. */
  usage?: ScriptedUsage;
  /** Characters per streamed delta (default 8). */
  chunkSize?: number;
  /** Milliseconds between chunks (default 0). */
  chunkDelayMs?: number;
  /** A fault to inject. */
  fault?: ScriptedFault;
  /**
   * How a real server would mangle this reply (see `Quirk`), applied after the server profile's own quirks.
   * Example: `['scalars-as-strings', 'whole-call-one-delta']`.
   */
  quirks?: Quirk[];
};

/** One request as the server received it. */
export type RecordedRequest = {
  /** HTTP method. */
  method: string;
  /** Request path including the query string. */
  path: string;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The exact body received, decoded as UTF-8. */
  rawBody: string;
  /** `JSON.parse(rawBody)`, or undefined when the body is empty or not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of the request body
  body: any;
  /** Arrival time, milliseconds since the epoch. */
  time: number;
};

/** A turn, or a function computing the turn from the request (index counts served turns from 0). */
export type TurnScript = ScriptedTurn | ((request: RecordedRequest, index: number) => ScriptedTurn);
