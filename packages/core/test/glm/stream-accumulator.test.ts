import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { providerProfiles } from '../../src/glm/provider-profiles.js';
import { createSseDecoder } from '../../src/glm/sse-decoder.js';
import { createStreamAccumulator } from '../../src/glm/stream-accumulator.js';
import type { ModelEvent } from '../../src/model-events.js';

// The constructed thinking + tool-call sequence of §5 of the protocol notes, plus reasoning_tokens.
const zaiStream = [
  '{"id":"t1","created":1766480000,"model":"glm-4.7","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"The user"}}]}',
  '{"id":"t1","created":1766480000,"model":"glm-4.7","choices":[{"index":0,"delta":{"reasoning_content":" wants a listing."}}]}',
  '{"id":"t1","created":1766480000,"model":"glm-4.7","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_-8123","type":"function","function":{"name":"list_dir","arguments":""}}]}}]}',
  '{"id":"t1","created":1766480000,"model":"glm-4.7","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"path\\":"}}]}}]}',
  '{"id":"t1","created":1766480000,"model":"glm-4.7","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"src\\"}"}}]}}]}',
  '{"id":"t1","created":1766480000,"model":"glm-4.7","choices":[{"index":0,"finish_reason":"tool_calls","delta":{"role":"assistant","content":""}}],"usage":{"prompt_tokens":812,"completion_tokens":96,"total_tokens":908,"prompt_tokens_details":{"cached_tokens":768},"completion_tokens_details":{"reasoning_tokens":40}}}',
]
  .map((json) => `data: ${json}\r\n\r\n`)
  .concat('data: [DONE]\r\n\r\n')
  .join('');

function replay(wire: string, cuts: number[], profile = providerProfiles.zai) {
  const bytes = new TextEncoder().encode(wire);
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort(
    (left, right) => left - right,
  );
  const decoder = createSseDecoder();
  const accumulator = createStreamAccumulator({
    profile,
    model: 'glm-4.7',
    thinkingEnabled: true,
    fallbackId: (i) => `f${i}`,
  });
  const events: ModelEvent[] = [];
  let previous = 0;
  for (const point of [...points, bytes.length]) {
    for (const payload of decoder.push(bytes.slice(previous, point))) {
      if (payload !== '[DONE]') events.push(...accumulator.push(JSON.parse(payload)));
    }
    previous = point;
  }
  const reply = accumulator.end();
  return { events: [...events, ...reply.events], reply, finishReason: accumulator.finishReason };
}

describe('decoder + stream accumulator on a recorded-shape Z.AI stream', () => {
  it('gives the same events and message for any byte split', () => {
    const reference = replay(zaiStream, []);
    expect(reference.finishReason).toBe('tool_calls');
    expect(reference.reply.message).toEqual({
      role: 'assistant',
      content: '',
      reasoning: 'The user wants a listing.',
      toolCalls: [{ id: 'call_-8123', name: 'list_dir', arguments: '{"path":"src"}' }],
      model: 'glm-4.7',
    });
    expect(reference.reply.usage).toEqual({
      inputTokens: 812,
      cachedInputTokens: 768,
      outputTokens: 96,
      totalTokens: 908,
      reasoningTokens: 40,
    });
    expect(reference.events.map((event) => event.type)).toEqual([
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'tool-call-start',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-end',
      'usage',
    ]);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => {
        expect(replay(zaiStream, cuts).events).toEqual(reference.events);
      }),
      { numRuns: 200 },
    );
  });

  it('reads vLLM reasoning, a trailing usage-only chunk and object arguments', () => {
    const wire = [
      { choices: [{ index: 0, delta: { reasoning: 'local ' } }] },
      { choices: [{ index: 0, delta: { reasoning: 'thought', reasoning_content: 'thought' } }] },
      {
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: { a: 1 } } }] },
          },
        ],
      },
      { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      { choices: [], usage: { prompt_tokens: 5, completion_tokens: 3 } },
    ]
      .map((chunk) => `event: message\ndata: ${JSON.stringify(chunk)}\n\n`)
      .join('');
    const { reply } = replay(wire, [], providerProfiles.vllm);
    expect(reply.message.reasoning).toBe('local thought');
    expect(reply.message.toolCalls).toEqual([{ id: 'c1', name: 'f', arguments: '{"a":1}' }]);
    expect(reply.usage).toEqual({ inputTokens: 5, cachedInputTokens: 0, outputTokens: 3, totalTokens: 8 });
  });
});
