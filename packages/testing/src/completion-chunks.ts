import type { QuirkedReply } from './apply-turn-quirks.js';
import type { Quirk } from './quirks.js';
import type { ScriptedFinishReason, ScriptedTurn } from './scripted-turn.js';

/** A tool call with its id resolved and its arguments as text. */
export type ResolvedToolCall = { id: string; name: string; arguments: string };

/** What every chunk (or the JSON reply) of one response shares. */
export type ReplyMeta = {
  /** Response id (`id` of every chunk). */
  id: string;
  /** Unix seconds. */
  created: number;
  /** Echoed model id. */
  model: string;
  /** `vllm` names the reasoning field `reasoning`, `zai` names it `reasoning_content`. */
  dialect: 'zai' | 'vllm';
};

/** The `usage` object as Z.AI sends it. */
export type WireUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
};

export function finishReasonOf(turn: ScriptedTurn): ScriptedFinishReason {
  if (turn.finishReason) return turn.finishReason;
  return turn.toolCalls && turn.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

export function resolveToolCalls(turn: ScriptedTurn, nextId: () => string): ResolvedToolCall[] {
  return (turn.toolCalls ?? []).map((call) => ({
    id: call.id ?? nextId(),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
}

/** Scripted counts win; missing ones are estimated at four characters per token. */
export function wireUsage(turn: ScriptedTurn, calls: ResolvedToolCall[], rawBody: string): WireUsage {
  const replyText =
    (turn.reasoning ?? '') + (turn.content ?? '') + calls.map((call) => call.name + call.arguments).join('');
  const promptTokens = turn.usage?.promptTokens ?? Math.ceil(rawBody.length / 4);
  const completionTokens = turn.usage?.completionTokens ?? Math.ceil(replyText.length / 4);
  const usage: WireUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: turn.usage?.cachedTokens ?? 0 },
  };
  if (turn.usage?.reasoningTokens !== undefined) {
    usage.completion_tokens_details = { reasoning_tokens: turn.usage.reasoningTokens };
  }
  return usage;
}

/** Splits by code point so a surrogate pair is never cut in half. */
export function splitText(text: string, size: number): string[] {
  const characters = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += step) {
    pieces.push(characters.slice(start, start + step).join(''));
  }
  return pieces;
}

function reasoningField(meta: ReplyMeta, quirks: ReadonlySet<Quirk>): string {
  return meta.dialect === 'vllm' || quirks.has('reasoning-field-reasoning')
    ? 'reasoning'
    : 'reasoning_content';
}

/** The arguments as sent: a JSON string, or (quirk `arguments-object`) the parsed object. */
function argumentsValue(text: string, quirks: ReadonlySet<Quirk>): unknown {
  if (!quirks.has('arguments-object')) return text;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : text;
  } catch {
    return text;
  }
}

/**
 * The SSE chunk payloads of one streamed reply, in order: reasoning deltas, content deltas, tool-call deltas, and
 * the final chunk with `finish_reason` and `usage`, shaped by the transport quirks. `[DONE]` is not included.
 */
export function streamChunks(
  turn: ScriptedTurn,
  reply: QuirkedReply,
  usage: WireUsage,
  meta: ReplyMeta,
  toolStream: boolean,
  quirks: ReadonlySet<Quirk> = new Set(),
): object[] {
  const size = turn.chunkSize ?? 8;
  const deltas: Record<string, unknown>[] = [];
  for (const piece of splitText(reply.reasoning ?? '', size))
    deltas.push({ [reasoningField(meta, quirks)]: piece });
  for (const piece of splitText(reply.content ?? '', size)) deltas.push({ content: piece });
  // Where the first call's arguments are half sent (quirk `network-error-mid-call`).
  let cutAt: number | undefined;
  reply.calls.forEach((call, index) => {
    const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    const whole = {
      ...head,
      function: { name: call.name, arguments: argumentsValue(call.arguments, quirks) },
    };
    if (quirks.has('whole-call-one-delta')) {
      deltas.push({ content: '', tool_calls: [whole] });
      if (index === 0) cutAt = deltas.length - 1;
    } else if (!toolStream || quirks.has('arguments-object')) {
      deltas.push({ tool_calls: [whole] });
      if (index === 0) cutAt = deltas.length - 1;
    } else {
      deltas.push({ tool_calls: [head] });
      const pieces = splitText(call.arguments, size);
      for (const piece of pieces) deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
      if (index === 0) cutAt = deltas.length - Math.ceil(pieces.length / 2);
    }
    if (quirks.has('repeat-id-name')) deltas.push({ tool_calls: [head] });
  });
  if (quirks.has('network-error-mid-call')) deltas.length = cutAt ?? Math.ceil(deltas.length / 2);
  const envelope = { id: meta.id, created: meta.created, model: meta.model };
  const everyRole = quirks.has('role-every-delta');
  const chunks: object[] = deltas.map((delta, position) => ({
    ...envelope,
    choices: [{ index: 0, delta: position === 0 || everyRole ? { role: 'assistant', ...delta } : delta }],
  }));
  const failed = quirks.has('network-error-mid-call');
  const finish: Record<string, unknown> = {
    index: 0,
    finish_reason: failed ? 'network_error' : reply.finishReason,
    delta: { role: 'assistant', content: '' },
  };
  if (quirks.has('stop-reason-number')) finish.stop_reason = 151338;
  const last: Record<string, unknown> = { ...envelope, choices: [finish] };
  const usageWhere =
    failed || quirks.has('no-usage') ? 'none' : quirks.has('usage-separate-chunk') ? 'separate' : 'last';
  if (usageWhere === 'last') last.usage = usage;
  chunks.push(last);
  if (quirks.has('two-finish-chunks') && !failed) {
    chunks.push({ ...envelope, choices: [{ index: 0, finish_reason: 'stop', delta: { content: '' } }] });
  }
  if (usageWhere === 'separate') chunks.push({ ...envelope, choices: [], usage });
  return chunks;
}

/** The non-streaming reply body (protocol spec §4), shaped by the quirks that apply to it. */
export function completionBody(
  reply: QuirkedReply,
  usage: WireUsage,
  meta: ReplyMeta,
  requestId: string,
  quirks: ReadonlySet<Quirk> = new Set(),
): object {
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content ?? '' };
  if (reply.reasoning !== undefined) message[reasoningField(meta, quirks)] = reply.reasoning;
  if (reply.calls.length > 0) {
    message.tool_calls = reply.calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: argumentsValue(call.arguments, quirks) },
    }));
  }
  const choice: Record<string, unknown> = { index: 0, finish_reason: reply.finishReason, message };
  if (quirks.has('stop-reason-number')) choice.stop_reason = 151338;
  const body: Record<string, unknown> = {
    id: meta.id,
    request_id: requestId,
    created: meta.created,
    model: meta.model,
    choices: [choice],
  };
  if (!quirks.has('no-usage')) body.usage = usage;
  return body;
}
