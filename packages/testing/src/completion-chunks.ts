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

function reasoningField(meta: ReplyMeta): string {
  return meta.dialect === 'vllm' ? 'reasoning' : 'reasoning_content';
}

/**
 * The SSE chunk payloads of one streamed reply, in order: reasoning deltas, content deltas, tool-call deltas, and
 * the final chunk with `finish_reason` and `usage`. The `[DONE]` sentinel is not included.
 */
export function streamChunks(
  turn: ScriptedTurn,
  calls: ResolvedToolCall[],
  usage: WireUsage,
  meta: ReplyMeta,
  toolStream: boolean,
): object[] {
  const size = turn.chunkSize ?? 8;
  const deltas: Record<string, unknown>[] = [];
  for (const piece of splitText(turn.reasoning ?? '', size)) deltas.push({ [reasoningField(meta)]: piece });
  for (const piece of splitText(turn.content ?? '', size)) deltas.push({ content: piece });
  calls.forEach((call, index) => {
    const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    if (!toolStream) {
      deltas.push({ tool_calls: [{ ...head, function: { name: call.name, arguments: call.arguments } }] });
      return;
    }
    deltas.push({ tool_calls: [head] });
    for (const piece of splitText(call.arguments, size)) {
      deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  });
  const first = deltas[0];
  if (first) deltas[0] = { role: 'assistant', ...first };
  const envelope = { id: meta.id, created: meta.created, model: meta.model };
  const chunks: object[] = deltas.map((delta) => ({ ...envelope, choices: [{ index: 0, delta }] }));
  chunks.push({
    ...envelope,
    choices: [{ index: 0, finish_reason: finishReasonOf(turn), delta: { role: 'assistant', content: '' } }],
    usage,
  });
  return chunks;
}

/** The non-streaming reply body (protocol spec §4). */
export function completionBody(
  turn: ScriptedTurn,
  calls: ResolvedToolCall[],
  usage: WireUsage,
  meta: ReplyMeta,
  requestId: string,
): object {
  const message: Record<string, unknown> = { role: 'assistant', content: turn.content ?? '' };
  if (turn.reasoning !== undefined) message[reasoningField(meta)] = turn.reasoning;
  if (calls.length > 0) {
    message.tool_calls = calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: meta.id,
    request_id: requestId,
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, finish_reason: finishReasonOf(turn), message }],
    usage,
  };
}
