import { describe, expect, it } from 'vitest';
import { createUpdateMapper } from '../../src/acp/session-updates.js';
import { createToolCallTracker } from '../../src/acp/tool-call-tracker.js';

describe('ACP updates for subagents', () => {
  it("shows a subagent's finished tool calls in its task call's card, one line each, however deep", () => {
    const mapper = createUpdateMapper({
      root: '/repo',
      model: 'glm-4.7',
      tracker: createToolCallTracker(),
      costBefore: 0,
    });
    const nested = (event: object, agent = 'general') => ({
      type: 'subagent-event',
      parentCallId: 'call_1',
      agent,
      event,
    });
    const end = (name: string, status: string) => ({
      type: 'tool-exec-end',
      callId: 'c',
      name,
      status,
      result: { output: '' },
    });
    expect(mapper.map(nested({ type: 'turn-start', thinking: true }))).toEqual([]);
    expect(mapper.map(nested(end('grep', 'ok')))).toEqual([
      {
        sessionUpdate: 'tool_call_update',
        toolCallId: 'call_1',
        content: [{ type: 'content', content: { type: 'text', text: 'general: grep (ok)' } }],
      },
    ]);
    const deeper = mapper.map(
      nested({
        type: 'subagent-event',
        parentCallId: 'x',
        agent: 'finder',
        event: end('read_file', 'denied'),
      }),
    );
    expect(deeper).toEqual([
      {
        sessionUpdate: 'tool_call_update',
        toolCallId: 'call_1',
        content: [
          {
            type: 'content',
            content: { type: 'text', text: 'general: grep (ok)\nfinder: read_file (denied)' },
          },
        ],
      },
    ]);
  });
});
