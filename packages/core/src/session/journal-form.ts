import type { AgentEvent } from '../agent-events.js';
import type { AssistantMessage } from '../messages.js';

/**
 * What the journal stores is the event stream with each finished message once: no streamed deltas (they go to live
 * consumers such as `--json` only), and no second copy of content the next `message` event holds. Concretely:
 * - `text-delta`, `reasoning-delta` and `tool-call-delta` are not stored, nor a `subagent-event` holding one (the
 *   rest of a subagent's events is stored as it came);
 * - in a reply whose `message-end` is followed by the `message` event appending that same reply, the `message-end`
 *   is stored without `message`, the single `text-end` / `reasoning-end` without `text`, and each `tool-call-end`
 *   without `arguments` (and without `input` when it is exactly the parsed arguments), when the message holds
 *   exactly those bytes;
 * - a `tool-exec-start` is stored without `input` when it equals the input of its `tool-call-end` (or, marked
 *   `inputFrom: 'arguments'`, when it is that call's raw argument text).
 * `expandJournalEvents` puts every omitted field back from the `message` event, byte for byte. Replies that are not
 * appended (errors, aborts, retried attempts) are stored whole.
 */
export type JournalCompactor = {
  /** The events to write now for one live event (none while a reply is still streaming). */
  push(event: AgentEvent): AgentEvent[];
  /** Everything still held back, as it is (on flush and close). */
  release(): AgentEvent[];
};

const deltaTypes = new Set(['text-delta', 'reasoning-delta', 'tool-call-delta']);

export function createJournalCompactor(): JournalCompactor {
  // The reply being streamed, from its `message-start` (deltas left out), and its `message-end` once it came.
  let held: AgentEvent[] = [];
  let end: Extract<AgentEvent, { type: 'message-end' }> | undefined;
  // Each tool call of the last reply by call id (parsed input and argument text), to recognise `tool-exec-start`'s.
  let calls = new Map<string, { input: unknown; text: string }>();

  const release = (): AgentEvent[] => {
    const events = held;
    held = [];
    end = undefined;
    return events;
  };
  const push = (event: AgentEvent): AgentEvent[] => {
    if (deltaTypes.has(event.type) || isSubagentDelta(event)) return [];
    if (held.length > 0 && end === undefined && event.type !== 'message-retry') {
      held.push(event);
      if (event.type === 'message-end') end = event;
      if (event.type === 'tool-call-end') calls.set(event.id, { input: event.input, text: event.arguments });
      return [];
    }
    if (end !== undefined && event.type === 'message' && event.message === end.message) {
      const reply = end.message;
      const slim = release().map((heldEvent) => withoutCopies(heldEvent, reply));
      return [...slim, event];
    }
    const before = release();
    if (event.type === 'message-start') {
      calls = new Map();
      held = [event];
      return before;
    }
    const call = event.type === 'tool-exec-start' ? calls.get(event.callId) : undefined;
    if (event.type === 'tool-exec-start' && call !== undefined && event.input !== undefined) {
      const { input, ...rest } = event;
      // An unknown tool or invalid arguments: the loop passes the raw argument text on as the input.
      if (input === call.text)
        return [...before, { ...rest, inputFrom: 'arguments' } as unknown as AgentEvent];
      if (sameValue(call.input, input)) return [...before, rest as AgentEvent];
    }
    return [...before, event];
  };
  return { push, release };
}

/** A subagent's streamed delta, nested one or more levels deep. */
function isSubagentDelta(event: AgentEvent): boolean {
  let inner: AgentEvent = event;
  while (inner.type === 'subagent-event') inner = inner.event;
  return inner !== event && deltaTypes.has(inner.type);
}

/** One event of an appended reply without what `reply` already holds (see JournalCompactor). */
function withoutCopies(event: AgentEvent, reply: AssistantMessage): AgentEvent {
  if (event.type === 'message-end') {
    const { message: _message, ...rest } = event;
    return rest as AgentEvent;
  }
  if (event.type === 'text-end' && event.text === reply.content) {
    const { text: _text, ...rest } = event;
    return rest as AgentEvent;
  }
  if (event.type === 'reasoning-end' && reply.reasoning !== undefined && event.text === reply.reasoning) {
    const { text: _text, ...rest } = event;
    return rest as AgentEvent;
  }
  if (event.type === 'tool-call-end') {
    const call = reply.toolCalls?.[event.index];
    if (call === undefined || call.id !== event.id || call.arguments !== event.arguments) return event;
    const { arguments: _arguments, input, ...rest } = event;
    if (event.parseError !== undefined || !isParsedArguments(input, event.arguments)) {
      return { ...rest, ...(input === undefined ? {} : { input }) } as AgentEvent;
    }
    return rest as AgentEvent;
  }
  return event;
}

/** The same object, or the same JSON (the loop may hand a tool a copy of the parsed input). */
function sameValue(left: unknown, right: unknown): boolean {
  return left === right || JSON.stringify(left) === JSON.stringify(right);
}

/** True when `input` is exactly what parsing `text` gives (so it can be parsed again on load). */
function isParsedArguments(input: unknown, text: string): boolean {
  if (input === undefined) return false;
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(input);
  } catch {
    return false;
  }
}

/**
 * Puts back every field the journal left out (see JournalCompactor), so a loaded journal's events look as they did
 * live, apart from the deltas. Journals written before (with deltas and every copy) pass through unchanged.
 */
export function expandJournalEvents(events: AgentEvent[]): AgentEvent[] {
  const expanded: AgentEvent[] = [];
  let attemptStart = -1;
  const calls = new Map<string, { input: unknown; text: string }>();
  events.forEach((event, index) => {
    if (event.type === 'message-start') attemptStart = expanded.length;
    if (event.type === 'message-end' && !has(event, 'message')) {
      const next = events[index + 1];
      if (next?.type === 'message' && next.message.role === 'assistant') {
        const reply = next.message;
        for (let position = Math.max(attemptStart, 0); position < expanded.length; position += 1) {
          expanded[position] = restored(expanded[position]!, reply);
        }
        expanded.push({ ...event, message: reply } as AgentEvent);
        return;
      }
    }
    if (
      event.type === 'tool-call-end' &&
      has(event, 'arguments') &&
      !has(event, 'input') &&
      !event.parseError
    ) {
      const input = parsedOrUndefined(event.arguments);
      expanded.push((input === undefined ? event : { ...event, input }) as AgentEvent);
      return;
    }
    expanded.push(event);
  });
  // Tool calls' inputs are complete only once their reply is expanded; a second pass gives them to tool-exec-start.
  return expanded.map((event) => {
    if (event.type === 'tool-call-end') calls.set(event.id, { input: event.input, text: event.arguments });
    const call = event.type === 'tool-exec-start' ? calls.get(event.callId) : undefined;
    if (event.type !== 'tool-exec-start' || has(event, 'input') || call === undefined) return event;
    const { inputFrom, ...rest } = event as typeof event & { inputFrom?: string };
    return { ...rest, input: inputFrom === 'arguments' ? call.text : call.input } as AgentEvent;
  });
}

/** A block end of an appended reply with its content taken from `reply`. */
function restored(event: AgentEvent, reply: AssistantMessage): AgentEvent {
  if (event.type === 'text-end' && !has(event, 'text')) return { ...event, text: reply.content };
  if (event.type === 'reasoning-end' && !has(event, 'text')) return { ...event, text: reply.reasoning ?? '' };
  if (event.type === 'tool-call-end' && !has(event, 'arguments')) {
    const text = reply.toolCalls?.[event.index]?.arguments ?? '';
    if (has(event, 'input') || event.parseError !== undefined) return { ...event, arguments: text };
    const input = parsedOrUndefined(text);
    return { ...event, arguments: text, ...(input === undefined ? {} : { input }) };
  }
  return event;
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether the stored event has the field (a function, so TypeScript does not narrow the event type by it). */
function has(event: object, key: string): boolean {
  return Object.hasOwn(event, key);
}
