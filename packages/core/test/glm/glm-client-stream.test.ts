import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGlmClient } from '../../src/glm/create-glm-client.js';
import { collectEvents, messageEnd } from './collect-events.js';

const apiKey = 'sk-test-SECRET-0123456789abcdef';
let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const user = [{ role: 'user' as const, content: 'List src/' }];
const listDir = { name: 'list_dir', description: 'List', parameters: { type: 'object', properties: {} } };

describe('GLM client streaming over loopback', () => {
  it('streams reasoning, text and usage into events and the final message', async () => {
    server = await startScriptedServer({
      apiKey,
      turns: [
        {
          reasoning: 'Think ✓ 多字节 carefully.',
          content: 'Hello there, world!',
          usage: { cachedTokens: 3 },
        },
      ],
    });
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl });
    const events = await collectEvents(client.stream({ messages: user }));
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('message-start');
    expect(types).toContain('reasoning-end');
    expect(types.indexOf('reasoning-end')).toBeLessThan(types.indexOf('text-start'));
    const end = messageEnd(events);
    expect(end.stopReason).toBe('stop');
    expect(end.message).toEqual({
      role: 'assistant',
      content: 'Hello there, world!',
      reasoning: 'Think ✓ 多字节 carefully.',
      model: 'glm-4.7',
    });
    expect(end.usage?.cachedInputTokens).toBe(3);
    const request = server.requests[0]!;
    expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request.body.stream).toBe(true);
    expect(request.body.request_id).toMatch(/^wright-/);
  });

  it('accumulates streamed tool calls (tool_stream) and parses their input', async () => {
    server = await startScriptedServer({
      turns: [
        {
          reasoning: 'Need two calls.',
          toolCalls: [
            { id: 'call_a', name: 'list_dir', arguments: { path: 'src', deep: [1, 2, { x: 'ü' }] } },
            { id: 'call_b', name: 'list_dir', arguments: '' },
          ],
          chunkSize: 3,
        },
      ],
    });
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl });
    const events = await collectEvents(client.stream({ messages: user, tools: [listDir] }));
    const end = messageEnd(events);
    expect(end.stopReason).toBe('tool-calls');
    expect(end.message.toolCalls).toEqual([
      {
        id: 'call_a',
        name: 'list_dir',
        arguments: JSON.stringify({ path: 'src', deep: [1, 2, { x: 'ü' }] }),
      },
      { id: 'call_b', name: 'list_dir', arguments: '{}' },
    ]);
    const ends = events.filter((event) => event.type === 'tool-call-end');
    expect(ends.map((event) => event.input)).toEqual([{ path: 'src', deep: [1, 2, { x: 'ü' }] }, {}]);
    expect(server.requests[0]!.body.tool_stream).toBe(true);
    // The deltas of each call add up to its arguments.
    const deltas = events.filter((event) => event.type === 'tool-call-delta' && event.index === 0);
    expect(deltas.map((event) => (event.type === 'tool-call-delta' ? event.delta : '')).join('')).toBe(
      end.message.toolCalls![0]!.arguments,
    );
  });

  it('reads vLLM `reasoning` deltas and sends chat_template_kwargs', async () => {
    server = await startScriptedServer({
      dialect: 'vllm',
      turns: [{ reasoning: 'local thought', content: 'ok' }],
    });
    const client = createGlmClient({
      provider: 'vllm',
      baseUrl: server.baseUrl.replace(/\/api\/paas\/v4$/, '/v1'),
    });
    const events = await collectEvents(client.stream({ messages: user }));
    const end = messageEnd(events);
    expect(end.message.reasoning).toBe('local thought');
    const start = events[0];
    expect(server.requests[0]!.headers['x-request-id']).toBe(
      start?.type === 'message-start' ? start.requestId : '',
    );
    expect(end.message.content).toBe('ok');
    const body = server.requests[0]!.body;
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: true, clear_thinking: false });
    expect(body).not.toHaveProperty('thinking');
    expect(body).not.toHaveProperty('request_id');
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
  });

  it('moves a leaked leading `…</think>` from content into reasoning on self-hosted servers', async () => {
    server = await startScriptedServer({
      turns: [{ content: 'I should answer.</think>The answer.', chunkSize: 4 }],
    });
    const client = createGlmClient({ provider: 'sglang', baseUrl: server.baseUrl });
    const end = messageEnd(await collectEvents(client.stream({ messages: user })));
    expect(end.message.reasoning).toBe('I should answer.');
    expect(end.message.content).toBe('The answer.');
  });

  it('maps sensitive to content-filter and model_context_window_exceeded to context-window-exceeded', async () => {
    server = await startScriptedServer({
      turns: [
        { content: 'partial', finishReason: 'sensitive' },
        { content: 'x', finishReason: 'model_context_window_exceeded' },
        { content: 'cut', finishReason: 'length' },
      ],
    });
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl });
    const blocked = messageEnd(await collectEvents(client.stream({ messages: user })));
    expect(blocked.stopReason).toBe('content-filter');
    expect(blocked.error?.code).toBe('blocked-content');
    const overflow = messageEnd(await collectEvents(client.stream({ messages: user })));
    expect(overflow.stopReason).toBe('context-window-exceeded');
    expect(overflow.error?.code).toBe('prompt-too-long');
    const length = messageEnd(await collectEvents(client.stream({ messages: user })));
    expect(length.stopReason).toBe('length');
    expect(length.finishReason).toBe('length');
  });

  it('completes without streaming, with object arguments stringified', async () => {
    server = await startScriptedServer({
      turns: [{ reasoning: 'r', toolCalls: [{ id: 'call_1', name: 'list_dir', arguments: { path: '.' } }] }],
    });
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl });
    const response = await client.complete({ messages: user, tools: [listDir] });
    expect(response.stopReason).toBe('tool-calls');
    expect(response.message.reasoning).toBe('r');
    expect(response.message.toolCalls).toEqual([
      { id: 'call_1', name: 'list_dir', arguments: '{"path":"."}' },
    ]);
    expect(server.requests[0]!.body.stream).toBe(false);
    expect(response.requestId).toBe(server.requests[0]!.body.request_id);
  });
});
