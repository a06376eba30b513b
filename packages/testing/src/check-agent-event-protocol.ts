import type { AgentEvent } from '@wright/core';

/**
 * Checks an agent event stream against the invariants documented in `@wright/core`'s `agent-events.ts` and returns
 * one line per violation (empty when the stream is well formed):
 * - the first event is `run-start`; `run-end` appears exactly once and last;
 * - `seq` starts at 0 and rises by exactly 1; `runId` never changes; `turn` never decreases;
 * - every `tool-call-end` of a turn has exactly one `tool-exec-end` with the same call id before the next
 *   `turn-start` (or the end of the run); a `message-retry` discards the tool calls of the failed attempt;
 * - a `subagent-event` comes while its parent call is running (after its `tool-call-end`, before its
 *   `tool-exec-end`), and the events nested under each parent call are a well-formed stream of their own.
 */
export function checkAgentEventProtocol(events: AgentEvent[]): string[] {
  const violations: string[] = [];
  if (events.length === 0) return ['no events'];
  if (events[0]?.type !== 'run-start') violations.push(`event 0 is ${events[0]?.type}, not run-start`);
  const runEnds = events.filter((event) => event.type === 'run-end').length;
  if (runEnds !== 1) violations.push(`run-end appears ${runEnds} times, expected exactly once`);
  if (runEnds > 0 && events[events.length - 1]?.type !== 'run-end')
    violations.push('run-end is not the last event');

  // Calls announced this turn that still need a result; `attemptCalls` may still be discarded by a retry.
  let pendingCalls = new Map<string, number>();
  let attemptCalls: string[] = [];
  const resolvedCalls = new Set<string>();
  const subagentStreams = new Map<string, AgentEvent[]>();
  const reportUnanswered = (where: string) => {
    for (const [callId, position] of pendingCalls) {
      violations.push(`tool call ${callId} (event ${position}) has no tool-exec-end before ${where}`);
    }
  };

  events.forEach((event, position) => {
    const previous = events[position - 1];
    if (previous === undefined && event.seq !== 0)
      violations.push(`event 0 has seq ${event.seq}, expected 0`);
    if (previous !== undefined) {
      if (event.seq !== previous.seq + 1) {
        violations.push(`event ${position} has seq ${event.seq}, expected ${previous.seq + 1}`);
      }
      if (event.runId !== previous.runId)
        violations.push(`event ${position} changes runId to ${event.runId}`);
      if (event.turn < previous.turn) {
        violations.push(`event ${position} has turn ${event.turn} after turn ${previous.turn}`);
      }
    }
    switch (event.type) {
      case 'turn-start':
        reportUnanswered(`the turn-start at event ${position}`);
        pendingCalls = new Map();
        resolvedCalls.clear();
        attemptCalls = [];
        break;
      case 'message-start':
        attemptCalls = [];
        break;
      case 'message-retry':
        for (const callId of attemptCalls) pendingCalls.delete(callId);
        attemptCalls = [];
        break;
      case 'tool-call-end':
        if (pendingCalls.has(event.id) || resolvedCalls.has(event.id)) {
          violations.push(`event ${position} repeats tool call id ${event.id} within a turn`);
        }
        pendingCalls.set(event.id, position);
        attemptCalls.push(event.id);
        break;
      case 'tool-exec-end':
        if (pendingCalls.delete(event.callId)) {
          resolvedCalls.add(event.callId);
        } else if (resolvedCalls.has(event.callId)) {
          violations.push(`event ${position} is a second tool-exec-end for call ${event.callId}`);
        } else {
          violations.push(
            `event ${position} is a tool-exec-end for call ${event.callId} with no tool-call-end this turn`,
          );
        }
        break;
      case 'subagent-event': {
        if (!pendingCalls.has(event.parentCallId)) {
          violations.push(
            `event ${position} is a subagent-event for call ${event.parentCallId}, which is not running`,
          );
        }
        const nested = subagentStreams.get(event.parentCallId) ?? [];
        nested.push(event.event);
        subagentStreams.set(event.parentCallId, nested);
        break;
      }
      case 'run-end':
        reportUnanswered(`the run-end at event ${position}`);
        pendingCalls = new Map();
        break;
    }
  });
  if (runEnds === 0) reportUnanswered('the end of the events');
  for (const [callId, nested] of subagentStreams) {
    for (const violation of checkAgentEventProtocol(nested))
      violations.push(`subagent of call ${callId}: ${violation}`);
  }
  return violations;
}
