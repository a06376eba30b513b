import type { AssistantMessage } from '../messages.js';
import type { ModelEvent } from '../model-events.js';
import type { Usage } from '../usage.js';
import { mapUsage } from './map-usage.js';
import type { ProviderProfile } from './provider-profiles.js';
import { type ContentPiece, createThinkTagSplitter } from './think-tag-splitter.js';
import { createToolCallAccumulator, type ToolCallFragment } from './tool-call-accumulator.js';

/** Settings of one streamed attempt. */
export type StreamAccumulatorOptions = {
  profile: ProviderProfile;
  /** Model id recorded on the message. */
  model: string;
  /** Whether the request asked for thinking (then leaked `</think>` is expected on self-hosted servers). */
  thinkingEnabled: boolean;
  /** Makes an id for a tool call whose id never arrived. */
  fallbackId: (index: number) => string;
};

/** The result of a finished attempt. */
export type AccumulatedReply = {
  /** Closing events (block ends, tool-call ends, usage), to emit before `message-end`. */
  events: ModelEvent[];
  message: AssistantMessage;
  usage?: Usage;
};

/** Folds the chunks of one streamed attempt into model events and the final message. */
export type StreamAccumulator = {
  /** Feeds one parsed SSE chunk; returns the events it produced. */
  push(chunk: Record<string, unknown>): ModelEvent[];
  /**
   * The reply's `finish_reason`: the first one seen, unless a later one reports a failure (`network_error`,
   * `sensitive`, `model_context_window_exceeded`). Servers have sent a second finish chunk (`tool_calls`, then `stop`).
   */
  readonly finishReason: string | undefined;
  /** Whether any tool-call fragment arrived (once a call was seen, the reply's outcome is tool calls). */
  readonly sawToolCalls: boolean;
  /** Ends a complete reply: closes blocks, ends tool calls, reports usage. */
  end(): AccumulatedReply;
  /** Ends a broken reply: closes open text blocks; unfinished tool calls are left out of the message. */
  interrupt(): AccumulatedReply;
};

export function createStreamAccumulator(options: StreamAccumulatorOptions): StreamAccumulator {
  const splitter = options.profile.splitThinkTags
    ? createThinkTagSplitter(options.thinkingEnabled)
    : undefined;
  const toolCalls = createToolCallAccumulator();
  let open: 'reasoning' | 'text' | undefined;
  let block = '';
  let reasoning: string | undefined;
  let content = '';
  let finishReason: string | undefined;
  let usage: Usage | undefined;

  // The helpers push onto the caller's event list: a chunk makes one or two events, so no arrays per helper call.
  const closeBlock = (out: ModelEvent[]): void => {
    if (open === undefined) return;
    if (open === 'text') {
      // llama.cpp has ended replies with a stray `<|user|>`: a template token, never part of the answer.
      const kept = stripStrayTokens(block);
      if (kept.length < block.length)
        content = content.slice(0, content.length - (block.length - kept.length));
      block = kept;
    }
    out.push(
      open === 'reasoning' ? { type: 'reasoning-end', text: block } : { type: 'text-end', text: block },
    );
    open = undefined;
    block = '';
  };

  const append = (out: ModelEvent[], kind: 'reasoning' | 'text', delta: string): void => {
    if (delta === '') return;
    if (open !== kind) {
      closeBlock(out);
      out.push(kind === 'reasoning' ? { type: 'reasoning-start' } : { type: 'text-start' });
    }
    open = kind;
    block += delta;
    if (kind === 'reasoning') reasoning = (reasoning ?? '') + delta;
    else content += delta;
    out.push(kind === 'reasoning' ? { type: 'reasoning-delta', delta } : { type: 'text-delta', delta });
  };

  const appendPieces = (out: ModelEvent[], pieces: ContentPiece[]): void => {
    for (const piece of pieces) append(out, piece.kind, piece.text);
  };

  const closeAll = (out: ModelEvent[]): ModelEvent[] => {
    if (splitter) appendPieces(out, splitter.end());
    closeBlock(out);
    return out;
  };

  const message = (withToolCalls: ReturnType<typeof toolCalls.finish> | undefined): AssistantMessage => {
    const reply: AssistantMessage = { role: 'assistant', content };
    if (reasoning !== undefined) reply.reasoning = reasoning;
    if (withToolCalls !== undefined && withToolCalls.calls.length > 0) reply.toolCalls = withToolCalls.calls;
    reply.model = options.model;
    return reply;
  };

  return {
    get finishReason() {
      return finishReason;
    },
    get sawToolCalls() {
      return toolCalls.size > 0;
    },
    push(chunk) {
      const events: ModelEvent[] = [];
      const chunkUsage = mapUsage(chunk.usage);
      if (chunkUsage !== undefined) usage = chunkUsage;
      const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
      for (const choice of choices as Record<string, unknown>[]) {
        const delta = (choice?.delta ?? choice?.message ?? {}) as Record<string, unknown>;
        const reasoningDelta = pickString(delta.reasoning_content) ?? pickString(delta.reasoning);
        if (reasoningDelta !== undefined && reasoningDelta !== '') {
          if (splitter) appendPieces(events, splitter.reasoningFieldSeen());
          append(events, 'reasoning', reasoningDelta);
        }
        const contentDelta = pickString(delta.content);
        if (contentDelta !== undefined && contentDelta !== '') {
          if (splitter) appendPieces(events, splitter.push(contentDelta));
          else append(events, 'text', contentDelta);
        }
        if (delta.tool_calls !== undefined) {
          const fragments = readToolCallFragments(delta.tool_calls);
          if (fragments.length > 0) closeAll(events);
          for (const fragment of fragments) events.push(...toolCalls.push(fragment));
        }
        const reason = choice?.finish_reason;
        if (
          typeof reason === 'string' &&
          reason !== '' &&
          (finishReason === undefined || failing.has(reason))
        )
          finishReason = reason;
      }
      return events;
    },
    end() {
      const events = closeAll([]);
      const finished = toolCalls.finish(options.fallbackId);
      events.push(...finished.events);
      if (usage !== undefined) events.push({ type: 'usage', usage });
      const reply: AccumulatedReply = { events, message: message(finished) };
      if (usage !== undefined) reply.usage = usage;
      return reply;
    },
    interrupt() {
      return { events: closeAll([]), message: message(undefined) };
    },
  };
}

const failing = new Set(['network_error', 'sensitive', 'model_context_window_exceeded']);

const strayTokens = ['<|user|>', '<|observation|>', '<|endoftext|>', '<|assistant|>', '<|system|>'];

/** Removes chat-template tokens (and the whitespace around them) left at the end of a text block. */
export function stripStrayTokens(text: string): string {
  let end = text.length;
  while (true) {
    const trimmed = text.slice(0, end).trimEnd();
    const token = strayTokens.find((candidate) => trimmed.endsWith(candidate));
    if (token === undefined) break;
    end = trimmed.length - token.length;
  }
  return end === text.length ? text : text.slice(0, end).trimEnd();
}

function pickString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads `delta.tool_calls`; arguments given as an object (some servers) are serialised. */
export function readToolCallFragments(value: unknown): ToolCallFragment[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, position): ToolCallFragment[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const record = entry as Record<string, unknown>;
    const fn = (
      typeof record.function === 'object' && record.function !== null ? record.function : {}
    ) as Record<string, unknown>;
    const fragment: ToolCallFragment = { index: typeof record.index === 'number' ? record.index : position };
    if (typeof record.id === 'string') fragment.id = record.id;
    if (typeof fn.name === 'string') fragment.name = fn.name;
    if (typeof fn.arguments === 'string') fragment.arguments = fn.arguments;
    else if (typeof fn.arguments === 'object' && fn.arguments !== null)
      fragment.arguments = JSON.stringify(fn.arguments);
    return [fragment];
  });
}
