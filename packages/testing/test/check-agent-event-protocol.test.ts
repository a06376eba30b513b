import { type AgentEvent, type AgentEventBody, emptyUsage } from '@wright/core';
import { describe, expect, it } from 'vitest';
import { checkAgentEventProtocol } from '../src/index.js';

const usage = emptyUsage();

/** Wraps bodies into events with seq 0, 1, 2, ... and the given turn per body. */
function events(...items: [number, AgentEventBody][]): AgentEvent[] {
  return items.map(
    ([turn, body], seq) => ({ runId: 'r1', sessionId: 's1', seq, turn, time: 0, ...body }) as AgentEvent,
  );
}

const runStart: AgentEventBody = {
  type: 'run-start',
  model: 'glm-4.7',
  provider: 'zai',
  messageCount: 1,
  resumed: false,
};
const runEnd = {
  type: 'run-end',
  reason: 'done',
  text: '',
  steps: 2,
  usage,
  cacheHitRate: 0,
  cost: 0,
  durationMs: 1,
} as AgentEventBody;
const turnStart: AgentEventBody = { type: 'turn-start', thinking: true };
const callEnd = (id: string, index = 0) =>
  ({ type: 'tool-call-end', index, id, name: 'read', arguments: '{}', input: {} }) as AgentEventBody;
const execEnd = (callId: string) =>
  ({
    type: 'tool-exec-end',
    callId,
    name: 'read',
    status: 'ok',
    result: { output: 'x' },
    durationMs: 1,
  }) as AgentEventBody;

const goodRun = () =>
  events(
    [0, runStart],
    [1, turnStart],
    [1, { type: 'message-start', requestId: 'q1', attempt: 1, model: 'glm-4.7' }],
    [1, callEnd('c1')],
    [1, callEnd('c2', 1)],
    [1, execEnd('c2')],
    [1, execEnd('c1')],
    [1, { type: 'turn-end', usage, cacheHitRate: 0, contextTokens: 0, cost: 0 } as AgentEventBody],
    [2, turnStart],
    [2, { type: 'text-delta', delta: 'done' }],
    [2, runEnd],
  );

describe('checkAgentEventProtocol', () => {
  it('accepts a well-formed run', () => {
    expect(checkAgentEventProtocol(goodRun())).toEqual([]);
  });

  it('accepts a retried attempt whose tool calls are discarded', () => {
    const run = events(
      [0, runStart],
      [1, turnStart],
      [1, callEnd('lost')],
      [
        1,
        {
          type: 'message-retry',
          attempt: 1,
          error: { code: 'network', message: 'x', retryable: true },
          delayMs: 0,
        } as AgentEventBody,
      ],
      [1, callEnd('kept')],
      [1, execEnd('kept')],
      [1, runEnd],
    );
    expect(checkAgentEventProtocol(run)).toEqual([]);
  });

  it('reports an empty stream', () => {
    expect(checkAgentEventProtocol([])).toEqual(['no events']);
  });

  it('reports a missing run-end, a doubled run-end and a run-end that is not last', () => {
    expect(checkAgentEventProtocol(goodRun().slice(0, -1))).toContain(
      'run-end appears 0 times, expected exactly once',
    );
    const doubled = events([0, runStart], [0, runEnd], [0, runEnd]);
    expect(checkAgentEventProtocol(doubled)).toEqual(['run-end appears 2 times, expected exactly once']);
    const notLast = events([0, runStart], [0, runEnd], [0, { type: 'note', level: 'info', message: 'late' }]);
    expect(checkAgentEventProtocol(notLast)).toEqual(['run-end is not the last event']);
  });

  it('reports a first event other than run-start', () => {
    expect(checkAgentEventProtocol(events([0, runEnd]))).toEqual(['event 0 is run-end, not run-start']);
  });

  it('reports seq gaps, repeats and a wrong start', () => {
    const gap = goodRun();
    gap[3]!.seq = 4;
    expect(checkAgentEventProtocol(gap)).toEqual([
      'event 3 has seq 4, expected 3',
      'event 4 has seq 4, expected 5',
    ]);
    const shifted = goodRun().map((event) => ({ ...event, seq: event.seq + 1 }));
    expect(checkAgentEventProtocol(shifted)).toEqual(['event 0 has seq 1, expected 0']);
  });

  it('reports a decreasing turn and a changing runId', () => {
    const backwards = goodRun();
    backwards[9]!.turn = 1;
    expect(checkAgentEventProtocol(backwards)).toEqual(['event 9 has turn 1 after turn 2']);
    const otherRun = goodRun();
    otherRun[5]!.runId = 'r2';
    expect(checkAgentEventProtocol(otherRun)).toEqual([
      'event 5 changes runId to r2',
      'event 6 changes runId to r1',
    ]);
  });

  it('reports a tool call without a result before the next turn-start or the run-end', () => {
    const unanswered = goodRun().filter(
      (event) => !(event.type === 'tool-exec-end' && event.callId === 'c1'),
    );
    const renumbered = unanswered.map((event, seq) => ({ ...event, seq }));
    expect(checkAgentEventProtocol(renumbered)).toEqual([
      'tool call c1 (event 3) has no tool-exec-end before the turn-start at event 7',
    ]);
    const atEnd = events([0, runStart], [1, turnStart], [1, callEnd('c9')], [1, runEnd]);
    expect(checkAgentEventProtocol(atEnd)).toEqual([
      'tool call c9 (event 2) has no tool-exec-end before the run-end at event 3',
    ]);
  });

  it('reports a duplicated, an unknown and a late tool-exec-end', () => {
    const duplicated = events(
      [0, runStart],
      [1, turnStart],
      [1, callEnd('c1')],
      [1, execEnd('c1')],
      [1, execEnd('c1')],
      [1, runEnd],
    );
    expect(checkAgentEventProtocol(duplicated)).toEqual(['event 4 is a second tool-exec-end for call c1']);
    const unknown = events([0, runStart], [1, turnStart], [1, execEnd('ghost')], [1, runEnd]);
    expect(checkAgentEventProtocol(unknown)).toEqual([
      'event 2 is a tool-exec-end for call ghost with no tool-call-end this turn',
    ]);
    const late = events(
      [0, runStart],
      [1, turnStart],
      [1, callEnd('c1')],
      [2, turnStart],
      [2, execEnd('c1')],
      [2, runEnd],
    );
    expect(checkAgentEventProtocol(late)).toEqual([
      'tool call c1 (event 2) has no tool-exec-end before the turn-start at event 3',
      'event 4 is a tool-exec-end for call c1 with no tool-call-end this turn',
    ]);
  });

  it('reports a tool call id repeated within a turn', () => {
    const repeated = events(
      [0, runStart],
      [1, turnStart],
      [1, callEnd('c1')],
      [1, callEnd('c1', 1)],
      [1, execEnd('c1')],
      [1, runEnd],
    );
    expect(checkAgentEventProtocol(repeated)).toContain('event 3 repeats tool call id c1 within a turn');
  });

  it('checks subagent events: only while their parent call runs, each nested stream well formed', () => {
    const child = events([0, runStart], [1, turnStart], [1, runEnd]);
    const nested = (parentCallId: string, event: AgentEvent) =>
      ({ type: 'subagent-event', parentCallId, agent: 'general', event }) as AgentEventBody;
    const run = events(
      [0, runStart],
      [1, turnStart],
      [1, callEnd('c1')],
      [1, nested('c1', child[0] as AgentEvent)],
      [1, nested('c1', child[1] as AgentEvent)],
      [1, nested('c1', child[2] as AgentEvent)],
      [1, execEnd('c1')],
      [1, runEnd],
    );
    expect(checkAgentEventProtocol(run)).toEqual([]);
    const broken = events(
      [0, runStart],
      [1, turnStart],
      [1, callEnd('c1')],
      [1, nested('c1', child[1] as AgentEvent)],
      [1, execEnd('c1')],
      [1, nested('c1', child[2] as AgentEvent)],
      [1, runEnd],
    );
    expect(checkAgentEventProtocol(broken)).toEqual([
      'event 5 is a subagent-event for call c1, which is not running',
      'subagent of call c1: event 0 is turn-start, not run-start',
      'subagent of call c1: event 0 has seq 1, expected 0',
    ]);
  });
});
