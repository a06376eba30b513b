import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGlmClient } from '../../src/glm/create-glm-client.js';
import type { GlmClientOptions } from '../../src/glm/glm-client-options.js';
import type { ModelEvent } from '../../src/model-events.js';
import { checkModelEvents } from './check-model-events.js';
import { collectEvents, messageEnd } from './collect-events.js';

const apiKey = 'sk-live-TOPSECRET-9f8e7d6c5b4a';
let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const user = [{ role: 'user' as const, content: 'Hello' }];

async function clientFor(
  turns: Parameters<typeof startScriptedServer>[0]['turns'],
  extra: Partial<GlmClientOptions> = {},
) {
  server = await startScriptedServer({ turns });
  return createGlmClient({
    apiKey,
    baseUrl: server.baseUrl,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...extra,
  });
}

const ofType = <T extends ModelEvent['type']>(events: ModelEvent[], type: T) =>
  events.filter((event): event is Extract<ModelEvent, { type: T }> => event.type === type);

describe('GLM client retries', () => {
  it('retries 429 / 1302 after the (capped) Retry-After, then succeeds', async () => {
    const retries: number[] = [];
    const client = await clientFor(
      [
        {
          fault: {
            kind: 'http-error',
            status: 429,
            code: '1302',
            message: 'High concurrency',
            retryAfter: '1',
          },
        },
        { content: 'ok' },
      ],
      { maxRetryAfterMs: 30, onRetry: (retry) => retries.push(retry.delayMs) },
    );
    const events = await collectEvents(client.stream({ messages: user }));
    checkModelEvents(events);
    const [retry] = ofType(events, 'message-retry');
    expect(retry?.error).toMatchObject({
      code: 'rate-limit',
      providerCode: '1302',
      status: 429,
      retryAfterMs: 1000,
    });
    expect(retry?.delayMs).toBe(30);
    expect(retries).toEqual([30]);
    const end = messageEnd(events);
    expect(end.stopReason).toBe('stop');
    expect(end.message.content).toBe('ok');
    const ids = server!.requests.map((request) => request.body.request_id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ofType(events, 'message-start').map((event) => event.requestId)).toEqual(ids);
  });

  it('does not retry 1113 (no balance) and names the code and what to do', async () => {
    const client = await clientFor([
      { fault: { kind: 'http-error', status: 429, code: '1113', message: 'Insufficient balance' } },
      { content: 'never' },
    ]);
    const events = await collectEvents(client.stream({ messages: user }));
    checkModelEvents(events);
    expect(ofType(events, 'message-retry')).toHaveLength(0);
    const end = messageEnd(events);
    expect(end.stopReason).toBe('error');
    expect(end.error).toMatchObject({ code: 'no-balance', retryable: false, providerCode: '1113' });
    expect(end.error?.message).toContain('1113');
    expect(end.error?.hint).toMatch(/top up/);
    expect(server!.requests).toHaveLength(1);
  });

  it('retries 1230 only once', async () => {
    const fault = { kind: 'http-error' as const, status: 500, code: '1230', message: 'process error' };
    const client = await clientFor([{ fault }, { fault }, { content: 'third' }]);
    const end = messageEnd(await collectEvents(client.stream({ messages: user })));
    expect(end.error?.providerCode).toBe('1230');
    expect(server!.requests).toHaveLength(2);
  });

  it('retries a stream cut mid-way as a whole; the final message holds only the successful attempt', async () => {
    const client = await clientFor([
      {
        reasoning: 'FIRST-REASONING',
        content: 'FIRST-ATTEMPT-TEXT',
        chunkSize: 4,
        fault: { kind: 'disconnect', afterChunks: 3 },
      },
      { reasoning: 'second thought', content: 'second answer' },
    ]);
    const events = await collectEvents(client.stream({ messages: user }));
    checkModelEvents(events);
    const retryAt = events.findIndex((event) => event.type === 'message-retry');
    expect(retryAt).toBeGreaterThan(1);
    expect(ofType(events, 'message-retry')[0]?.error).toMatchObject({ code: 'network', retryable: true });
    // The failed attempt did stream something before it broke.
    expect(ofType(events.slice(0, retryAt), 'reasoning-delta').length).toBeGreaterThan(0);
    const end = messageEnd(events);
    expect(end.message).toEqual({
      role: 'assistant',
      content: 'second answer',
      reasoning: 'second thought',
      model: 'glm-4.7',
    });
    expect(JSON.stringify(events.slice(retryAt))).not.toContain('FIRST');
  });

  it('retries a retryable mid-stream error and a network_error finish; stops on a non-retryable one', async () => {
    const client = await clientFor([
      {
        content: 'aaaaaaaaaaaaaaaa',
        fault: { kind: 'stream-error', afterChunks: 1, code: '1234', message: 'net' },
      },
      { content: 'bbbb', finishReason: 'network_error' },
      { content: 'done' },
      {
        content: 'cccccccccccccccc',
        fault: { kind: 'stream-error', afterChunks: 1, code: '1301', message: 'unsafe' },
      },
    ]);
    const first = await collectEvents(client.stream({ messages: user }));
    checkModelEvents(first);
    expect(ofType(first, 'message-retry').map((event) => event.error.code)).toEqual([
      'overloaded',
      'network',
    ]);
    expect(messageEnd(first).message.content).toBe('done');
    const second = await collectEvents(client.stream({ messages: user }));
    const end = messageEnd(second);
    expect(end.stopReason).toBe('error');
    expect(end.error).toMatchObject({ code: 'blocked-content', providerCode: '1301' });
    expect(end.message.content).toBe('cccccccc');
  });

  it('gives up after maxRetries and reports the last error', async () => {
    const fault = { kind: 'http-error' as const, status: 503, code: '1305', message: 'overloaded' };
    const client = await clientFor([{ fault }], { maxRetries: 2 });
    server!.push({ fault }, { fault });
    const events = await collectEvents(client.stream({ messages: user }));
    checkModelEvents(events);
    expect(ofType(events, 'message-retry')).toHaveLength(2);
    expect(messageEnd(events).error).toMatchObject({ code: 'overloaded', providerCode: '1305', status: 503 });
    expect(server!.requests).toHaveLength(3);
  });

  it('retries the non-streaming path too', async () => {
    const client = await clientFor([
      { fault: { kind: 'http-error', status: 503, code: '1305' } },
      { content: 'whole', usage: { promptTokens: 10, completionTokens: 2, cachedTokens: 4 } },
    ]);
    const response = await client.complete({ messages: user });
    expect(response.stopReason).toBe('stop');
    expect(response.message.content).toBe('whole');
    expect(response.usage).toMatchObject({ inputTokens: 10, outputTokens: 2, cachedInputTokens: 4 });
    expect(server!.requests).toHaveLength(2);
  });
});
