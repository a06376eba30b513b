/**
 * Ways a real GLM server's reply deviates from the documented protocol, as reported from Z.AI's hosted API, vLLM,
 * SGLang and llama.cpp. Any scripted turn can carry any of them (`quirks: [...]`), and a server profile applies a
 * set to every turn. Each name says what arrives on the wire.
 */
export type Quirk =
  // Chunk shapes that are legal enough: a robust client takes them in its stride.
  /** `delta.role` is repeated on every delta (Z.AI, kilocode#9432). */
  | 'role-every-delta'
  /** No `usage` anywhere in the reply. */
  | 'no-usage'
  /** The finish chunk carries no usage; a last chunk with `choices: []` does (vLLM with `include_usage`). */
  | 'usage-separate-chunk'
  /** Reasoning streams as `delta.reasoning` instead of `delta.reasoning_content` (recent vLLM). */
  | 'reasoning-field-reasoning'
  /** Each tool call arrives whole in one delta (`id`, name, all arguments) with `content: ""` (vLLM, SGLang). */
  | 'whole-call-one-delta'
  /** Arguments arrive as a JSON object instead of a JSON string. */
  | 'arguments-object'
  /** A last delta of each call repeats its `id` and name (vllm#37385). */
  | 'repeat-id-name'
  /** The finish chunk carries a non-standard numeric `stop_reason: 151338` (vLLM). */
  | 'stop-reason-number'
  /** After the finish chunk, one more chunk with finish `stop` (Z.AI GLM-4.5, zed#35774). */
  | 'two-finish-chunks'
  /** Numbers and booleans inside the arguments are sent as strings (types lost in vLLM's parser). */
  | 'scalars-as-strings'
  /** A string argument holding JSON text arrives as the parsed object or array (ai-dynamo). */
  | 'string-json-as-object'
  /** Calls whose arguments are `{}` send `{}{}` (SGLang, no-argument tools). */
  | 'empty-arguments-doubled'
  /** Reasoning goes into `content` wrapped in `<think>…</think>` (no reasoning parser). */
  | 'think-tags-in-content'
  /** Reasoning goes into `content` followed by a bare `</think>` (the template opened `<think>`). */
  | 'close-think-only'
  /** Content ends with a stray `\n<|user|>` template token (llama.cpp). */
  | 'stray-user-token'
  /** SSE lines end with CRLF. */
  | 'crlf'
  /** The body is written a few bytes at a time, splitting multi-byte characters across network writes. */
  | 'split-utf8'
  /** Every call of the turn carries the first call's id. */
  | 'duplicate-ids'
  /** The first call's name has template markup stuck to it (`read_file<arg_key>path`, GLM-5#84). */
  | 'polluted-tool-name'
  // Replies that must never be taken as a final answer: the client recovers them or retries.
  /** No tool calls; they are written in GLM markup at the end of the reasoning, finish `stop` (opencode#6708). */
  | 'markup-in-reasoning'
  /** No tool calls; they are written in GLM markup (`<tool_call>…</tool_call>`) in the content, finish `stop`. */
  | 'markup-in-content'
  /** Like `markup-in-reasoning`, but the markup is cut short (an `<arg_value>` never closed): it cannot be read. */
  | 'broken-markup-in-reasoning'
  /** No tool calls; the first call is the whole content as JSON `{"name","arguments"}` (llama.cpp syntax switch). */
  | 'json-call-in-content'
  /** Finish `tool_calls`, but the calls are left out (vLLM glm47 parser, vllm#44326). */
  | 'tool-calls-without-calls'
  /** A stray `]` is appended to each call's arguments (vllm#40197). */
  | 'corrupt-arguments'
  /** The whole answer sits in the reasoning field and `content` is empty (vLLM/SGLang reasoning parsers). */
  | 'answer-in-reasoning'
  // Transport failures inside a 200.
  /** Half the reply (up to the middle of the first call's arguments), then finish `network_error` (Z.AI). */
  | 'network-error-mid-call'
  /** Two SSE frames fused mid-JSON (`…"model":"glm-4.data: {"id":…`, opencode#23442). */
  | 'glued-frames'
  /** After the first chunk, nothing more until the client gives up (glm-4.6 hung after one reasoning delta). */
  | 'stall-after-first-chunk'
  /** After the first chunk, an SSE comment every 20 ms forever: never silent, never finished. */
  | 'trickle-forever'
  /** A 200 event stream whose only line is a bare JSON error envelope (code 1214) without `data:`. */
  | 'bare-error-line';

/** Every quirk name, in documentation order. */
export const quirkNames: readonly Quirk[] = [
  'role-every-delta',
  'no-usage',
  'usage-separate-chunk',
  'reasoning-field-reasoning',
  'whole-call-one-delta',
  'arguments-object',
  'repeat-id-name',
  'stop-reason-number',
  'two-finish-chunks',
  'scalars-as-strings',
  'string-json-as-object',
  'empty-arguments-doubled',
  'think-tags-in-content',
  'close-think-only',
  'stray-user-token',
  'crlf',
  'split-utf8',
  'duplicate-ids',
  'polluted-tool-name',
  'markup-in-reasoning',
  'markup-in-content',
  'broken-markup-in-reasoning',
  'json-call-in-content',
  'tool-calls-without-calls',
  'corrupt-arguments',
  'answer-in-reasoning',
  'network-error-mid-call',
  'glued-frames',
  'stall-after-first-chunk',
  'trickle-forever',
  'bare-error-line',
];

/** A whole server's dialect: the shapes one real back-end sends on every turn, and where it serves. */
export type ServerProfileName = 'zai' | 'zai-coding' | 'vllm' | 'sglang' | 'llama-cpp';

/** What a profile applies. */
export type ServerProfile = {
  /** Quirks applied to every turn (before the turn's own). */
  quirks: readonly Quirk[];
  /** Path of `baseUrl` (any path ending in `/chat/completions` is served anyway). */
  basePath: string;
};

/**
 * The benign shapes each back-end is reported to send. A client that speaks the protocol robustly completes a task
 * against every profile without a retry; the failure quirks are per turn.
 */
export const serverProfiles: Readonly<Record<ServerProfileName, ServerProfile>> = {
  zai: { quirks: [], basePath: '/api/paas/v4' },
  'zai-coding': { quirks: ['role-every-delta', 'two-finish-chunks'], basePath: '/api/coding/paas/v4' },
  vllm: {
    quirks: [
      'reasoning-field-reasoning',
      'whole-call-one-delta',
      'repeat-id-name',
      'stop-reason-number',
      'usage-separate-chunk',
      'scalars-as-strings',
    ],
    basePath: '/v1',
  },
  sglang: {
    quirks: ['whole-call-one-delta', 'empty-arguments-doubled', 'close-think-only'],
    basePath: '/v1',
  },
  'llama-cpp': { quirks: ['stray-user-token', 'split-utf8', 'crlf', 'arguments-object'], basePath: '/v1' },
};

/** True for a known quirk name. */
export function isQuirk(value: unknown): value is Quirk {
  return typeof value === 'string' && (quirkNames as readonly string[]).includes(value);
}

/** True for a known profile name. */
export function isServerProfileName(value: unknown): value is ServerProfileName {
  return typeof value === 'string' && Object.hasOwn(serverProfiles, value);
}
