import type { ToolCall } from '../messages.js';
import type { ModelEvent } from '../model-events.js';
import type { AttemptOutcome } from './attempt-setup.js';
import { hasToolMarkup, type RecoveredCall, scanToolMarkup } from './recover-tool-calls.js';

/** What a finished, successful attempt turned out to be. */
export type ReplyVerdict =
  | { kind: 'ok' }
  /** Tool calls written as text were read back; the outcome now carries them. */
  | { kind: 'recovered'; outcome: AttemptOutcome }
  /**
   * The reply breaks the protocol and must not be taken as an answer. `problem` says how, in one sentence.
   * `usable` is set when the reply may still go to the loop once retries are spent (its calls are answered with
   * their parse errors and never run).
   */
  | { kind: 'malformed'; problem: string; usable: boolean };

/**
 * Checks a reply that ended without a transport error. A reply is never taken as a final answer when it ended with
 * `tool_calls` but carries none, when its text holds tool-call markup, or when it holds no answer at all (reasoning
 * only, or nothing); a call whose arguments are not JSON makes the reply malformed too. Markup that reads cleanly
 * as calls to real tools is recovered instead.
 */
export function inspectReply(
  outcome: AttemptOutcome,
  toolNames: ReadonlySet<string>,
  callId: (position: number) => string,
): ReplyVerdict {
  if (outcome.stopReason !== 'stop' && outcome.stopReason !== 'tool-calls') return { kind: 'ok' };
  const message = outcome.reply.message;
  const calls = message.toolCalls ?? [];
  if (calls.length > 0) {
    const broken = outcome.reply.events.find(
      (event): event is Extract<ModelEvent, { type: 'tool-call-end' }> =>
        event.type === 'tool-call-end' && event.parseError !== undefined,
    );
    if (broken === undefined) return { kind: 'ok' };
    const problem = `The arguments of the ${broken.name} call (${broken.id}) are not valid JSON (${broken.parseError}).`;
    return { kind: 'malformed', problem, usable: true };
  }
  const content = message.content;
  const reasoning = message.reasoning ?? '';
  for (const [text, where] of [
    [content, 'answer text'],
    [reasoning, 'reasoning'],
  ] as const) {
    // A plain JSON call counts only as the whole answer; in reasoning only markup does.
    if (where === 'reasoning' && !hasToolMarkup(text)) continue;
    const scan = scanToolMarkup(text, toolNames);
    if (scan.kind === 'calls') return { kind: 'recovered', outcome: withCalls(outcome, scan.calls, callId) };
    if (scan.kind === 'broken') {
      const problem = `The model wrote a tool call as text in its ${where} that cannot be read as a call (${scan.reason}).`;
      return { kind: 'malformed', problem, usable: false };
    }
  }
  if (outcome.finishReason === 'tool_calls') {
    return {
      kind: 'malformed',
      problem: 'The reply ended with finish_reason "tool_calls" but carried no tool calls.',
      usable: false,
    };
  }
  if (content.trim() !== '') return { kind: 'ok' };
  const problem =
    reasoning.trim() !== ''
      ? 'The reply held reasoning but no answer and no tool call.'
      : 'The reply was empty: no answer and no tool call.';
  return { kind: 'malformed', problem, usable: false };
}

/** The outcome with recovered calls added as if they had streamed (start, one delta, end) before usage. */
function withCalls(
  outcome: AttemptOutcome,
  recovered: RecoveredCall[],
  callId: (position: number) => string,
): AttemptOutcome {
  const calls: ToolCall[] = recovered.map((call, position) => ({
    id: callId(position),
    name: call.name,
    arguments: call.arguments,
  }));
  const callEvents: ModelEvent[] = calls.flatMap((call, index): ModelEvent[] => [
    { type: 'tool-call-start', index, id: call.id, name: call.name },
    { type: 'tool-call-delta', index, delta: call.arguments },
    {
      type: 'tool-call-end',
      index,
      id: call.id,
      name: call.name,
      arguments: call.arguments,
      input: JSON.parse(call.arguments),
    },
  ]);
  const events = outcome.reply.events.filter((event) => event.type !== 'usage');
  const usage = outcome.reply.events.filter((event) => event.type === 'usage');
  return {
    ...outcome,
    stopReason: 'tool-calls',
    reply: {
      ...outcome.reply,
      events: [...events, ...callEvents, ...usage],
      message: { ...outcome.reply.message, toolCalls: calls },
    },
  };
}
