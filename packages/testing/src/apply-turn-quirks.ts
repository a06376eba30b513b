import type { ResolvedToolCall } from './completion-chunks.js';
import { finishReasonOf } from './completion-chunks.js';
import type { Quirk } from './quirks.js';
import type { ScriptedFinishReason, ScriptedTurn } from './scripted-turn.js';

/** A turn's text, calls and finish reason after the content quirks were applied. */
export type QuirkedReply = {
  reasoning: string | undefined;
  content: string | undefined;
  calls: ResolvedToolCall[];
  finishReason: ScriptedFinishReason;
};

/**
 * Applies the quirks that change what a reply says (argument text, ids, names, where reasoning and calls are
 * written), in the order of `quirkNames`. Transport quirks (chunk shapes, framing) are applied when the reply is
 * written.
 */
export function applyTurnQuirks(
  turn: ScriptedTurn,
  resolved: ResolvedToolCall[],
  quirks: ReadonlySet<Quirk>,
): QuirkedReply {
  let reasoning = turn.reasoning;
  let content = turn.content;
  let calls = resolved.map((call) => ({ ...call }));
  let finishReason = finishReasonOf(turn);
  const mapArguments = (change: (value: unknown) => unknown) => {
    for (const call of calls) {
      const parsed = parseJson(call.arguments);
      if (parsed.ok) call.arguments = JSON.stringify(change(parsed.value));
    }
  };
  if (quirks.has('scalars-as-strings')) mapArguments(scalarsAsStrings);
  if (quirks.has('string-json-as-object')) mapArguments(jsonTextAsValue);
  if (quirks.has('empty-arguments-doubled')) {
    for (const call of calls) if (call.arguments.trim() === '{}') call.arguments = '{}{}';
  }
  if (quirks.has('duplicate-ids') && calls[0] !== undefined) {
    const id = calls[0].id;
    for (const call of calls) call.id = id;
  }
  if (quirks.has('polluted-tool-name') && calls[0] !== undefined) {
    const parsed = parseJson(calls[0].arguments);
    const firstKey = parsed.ok && isRecord(parsed.value) ? Object.keys(parsed.value)[0] : undefined;
    calls[0].name = `${calls[0].name}<arg_key>${firstKey ?? 'path'}`;
  }
  if (quirks.has('corrupt-arguments')) for (const call of calls) call.arguments = `${call.arguments}]`;
  if (quirks.has('markup-in-reasoning') || quirks.has('broken-markup-in-reasoning')) {
    const broken = quirks.has('broken-markup-in-reasoning');
    // The first call without its opening tag, as reported: the template's `<tool_call>` token was eaten.
    const markup = calls
      .map((call, index) => (index === 0 ? '' : '<tool_call>') + callMarkup(call, broken))
      .join('\n');
    reasoning = `${reasoning ?? ''}${reasoning ? '\n' : ''}${markup}`;
    calls = [];
    finishReason = 'stop';
  }
  if (quirks.has('markup-in-content')) {
    const markup = calls.map((call) => `<tool_call>${callMarkup(call, false)}`).join('\n');
    content = `${content ?? ''}${content ? '\n' : ''}${markup}`;
    calls = [];
    finishReason = 'stop';
  }
  if (quirks.has('json-call-in-content') && calls[0] !== undefined) {
    const parsed = parseJson(calls[0].arguments);
    content = JSON.stringify({ name: calls[0].name, arguments: parsed.ok ? parsed.value : {} });
    calls = [];
    finishReason = 'stop';
  }
  if (quirks.has('tool-calls-without-calls')) {
    calls = [];
    finishReason = 'tool_calls';
  }
  if (quirks.has('answer-in-reasoning')) {
    reasoning = `${reasoning ?? ''}${content ?? ''}`;
    content = '';
  }
  if (reasoning !== undefined && quirks.has('think-tags-in-content')) {
    content = `<think>${reasoning}</think>${content ?? ''}`;
    reasoning = undefined;
  } else if (reasoning !== undefined && quirks.has('close-think-only')) {
    content = `${reasoning}</think>${content ?? ''}`;
    reasoning = undefined;
  }
  if (quirks.has('stray-user-token') && (content ?? '') !== '') content = `${content}\n<|user|>`;
  return { reasoning, content, calls, finishReason };
}

/** GLM-4.7's template form of a call, without the opening `<tool_call>`; `broken` leaves a value unclosed. */
function callMarkup(call: ResolvedToolCall, broken: boolean): string {
  const parsed = parseJson(call.arguments);
  const entries = parsed.ok && isRecord(parsed.value) ? Object.entries(parsed.value) : [];
  const pairs = entries.map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `<arg_key>${key}</arg_key><arg_value>${text}</arg_value>`;
  });
  if (broken)
    return `${call.name}<arg_key>${entries[0]?.[0] ?? 'path'}</arg_key><arg_value>${String(entries[0]?.[1] ?? '')}</tool_call>`;
  return `${call.name}${pairs.join('')}</tool_call>`;
}

function scalarsAsStrings(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(scalarsAsStrings);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, scalarsAsStrings(member)]));
  return value;
}

function jsonTextAsValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const parsed = parseJson(trimmed);
      if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) return parsed.value;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(jsonTextAsValue);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, jsonTextAsValue(member)]));
  return value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
