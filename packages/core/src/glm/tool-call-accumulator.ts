import type { ToolCall } from '../messages.js';
import type { ModelEvent } from '../model-events.js';
import { repairArgumentsText } from './repair-arguments.js';

/** One streamed `delta.tool_calls[]` entry, already read off the wire. */
export type ToolCallFragment = {
  /** Stream index that groups the fragments of one call. */
  index: number;
  /** Set on (at least) the first fragment; never assumed to repeat. */
  id?: string;
  name?: string;
  /** A piece of the argument JSON text. */
  arguments?: string;
};

/** Accumulates streamed tool-call fragments by index. */
export type ToolCallAccumulator = {
  push(fragment: ToolCallFragment): ModelEvent[];
  /** Ends every call (in index order); ids never seen are made from `fallbackId`. */
  finish(fallbackId: (index: number) => string): { events: ModelEvent[]; calls: ToolCall[] };
  /** Whether any fragment arrived. */
  readonly size: number;
};

type PendingCall = {
  index: number;
  id: string;
  name: string;
  arguments: string;
  started: boolean;
  held: string;
};

/**
 * A call's `tool-call-start` is sent once its id and name are known; argument text that arrives before is held
 * back and sent as one delta right after the start. The id and name are taken from their first appearance: servers
 * that repeat them on a late delta (vLLM) never rename or concatenate them. An id already used by another call of
 * the same reply gets a deterministic suffix (`_2`, `_3`, …), so every call has its own result and the pairing in
 * the next request stays exact.
 */
export function createToolCallAccumulator(): ToolCallAccumulator {
  const calls = new Map<number, PendingCall>();
  const usedIds = new Set<string>();

  const uniqueId = (id: string): string => {
    let candidate = id;
    for (let suffix = 2; usedIds.has(candidate); suffix++) candidate = `${id}_${suffix}`;
    usedIds.add(candidate);
    return candidate;
  };

  const start = (call: PendingCall): ModelEvent[] => {
    call.started = true;
    call.id = uniqueId(call.id);
    const events: ModelEvent[] = [
      { type: 'tool-call-start', index: call.index, id: call.id, name: call.name },
    ];
    if (call.held !== '') events.push({ type: 'tool-call-delta', index: call.index, delta: call.held });
    call.held = '';
    return events;
  };

  return {
    get size() {
      return calls.size;
    },
    push(fragment) {
      let call = calls.get(fragment.index);
      if (call === undefined) {
        call = { index: fragment.index, id: '', name: '', arguments: '', started: false, held: '' };
        calls.set(fragment.index, call);
      }
      if (fragment.id && call.id === '') call.id = fragment.id;
      if (fragment.name && call.name === '') call.name = fragment.name;
      const piece = fragment.arguments ?? '';
      call.arguments += piece;
      if (call.started)
        return piece === '' ? [] : [{ type: 'tool-call-delta', index: call.index, delta: piece }];
      call.held += piece;
      return call.id !== '' && call.name !== '' ? start(call) : [];
    },
    finish(fallbackId) {
      const events: ModelEvent[] = [];
      const finished: ToolCall[] = [];
      for (const call of [...calls.values()].sort((left, right) => left.index - right.index)) {
        if (call.id === '') call.id = fallbackId(call.index);
        if (!call.started) events.push(...start(call));
        const text = repairArgumentsText(call.arguments);
        events.push({
          type: 'tool-call-end',
          index: call.index,
          id: call.id,
          name: call.name,
          ...parseArguments(text),
        });
        finished.push({ id: call.id, name: call.name, arguments: text });
      }
      return { events, calls: finished };
    },
  };
}

/** Parses argument text; reports why when it is not valid JSON. */
export function parseArguments(text: string): { arguments: string; input?: unknown; parseError?: string } {
  try {
    return { arguments: text, input: JSON.parse(text) };
  } catch (error) {
    return { arguments: text, parseError: error instanceof Error ? error.message : String(error) };
  }
}
