import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGlmClient } from '../../src/glm/create-glm-client.js';
import type { ModelEvent } from '../../src/model-events.js';
import { checkModelEvents } from './check-model-events.js';
import { collectEvents, messageEnd } from './collect-events.js';

const apiKey = 'sk-abort-test-0123456789';
let server: ScriptedServer | undefined;
let silent: Server | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  silent?.closeAllConnections();
  await new Promise((resolve) => (silent ? silent.close(resolve) : resolve(undefined)));
  silent = undefined;
});

const user = [{ role: 'user' as const, content: 'Hello' }];

describe('GLM client timeouts and abort', () => {
  it('retries after an idle timeout (server sends headers, then nothing)', async () => {
    server = await startScriptedServer({ turns: [{ fault: { kind: 'hang' } }, { content: 'after hang' }] });
    // The idle timeout also covers the retry's stream, so it is long enough that a busy machine never trips it there.
    const client = createGlmClient({
      apiKey,
      baseUrl: server.baseUrl,
      idleTimeoutMs: 1000,
      retryBaseDelayMs: 5,
    });
    const events = await collectEvents(client.stream({ messages: user }));
    checkModelEvents(events);
    const retry = events.find((event) => event.type === 'message-retry');
    expect(retry?.type === 'message-retry' && retry.error).toMatchObject({
      code: 'timeout',
      retryable: true,
    });
    expect(messageEnd(events).message.content).toBe('after hang');
  });

  it('does not count a slow consumer as server silence', async () => {
    server = await startScriptedServer({
      turns: [{ content: 'slow reader here', chunkSize: 2, chunkDelayMs: 30 }],
    });
    // The consumer pauses for 2.5 times the idle timeout while the server keeps sending; the timeout is long
    // enough that a busy machine's pause between two of the server's chunks never trips it.
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl, idleTimeoutMs: 1000, maxRetries: 0 });
    const events: ModelEvent[] = [];
    for await (const event of client.stream({ messages: user })) {
      events.push(event);
      if (event.type === 'text-start') await new Promise((resolve) => setTimeout(resolve, 2500));
    }
    expect(messageEnd(events)).toMatchObject({
      stopReason: 'stop',
      message: { content: 'slow reader here' },
    });
  });

  it('fails with a timeout when no response headers arrive', async () => {
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const client = createGlmClient({
      apiKey,
      baseUrl: `http://127.0.0.1:${port}/api`,
      connectTimeoutMs: 150,
      maxRetries: 0,
    });
    const end = messageEnd(await collectEvents(client.stream({ messages: user })));
    expect(end.stopReason).toBe('error');
    expect(end.error).toMatchObject({ code: 'timeout', details: { timeout: 'connect', timeoutMs: 150 } });
  });

  it('ends with aborted at once when the signal fires mid-stream', async () => {
    server = await startScriptedServer({
      turns: [{ content: 'x'.repeat(400), chunkSize: 4, chunkDelayMs: 20 }],
    });
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl });
    const controller = new AbortController();
    const events: ModelEvent[] = [];
    for await (const event of client.stream({ messages: user, signal: controller.signal })) {
      events.push(event);
      if (event.type === 'text-delta') controller.abort();
    }
    checkModelEvents(events);
    const end = messageEnd(events);
    expect(end.stopReason).toBe('aborted');
    expect(end.error?.code).toBe('aborted');
    expect(end.message.content.length).toBeLessThan(400);
    expect(events.some((event) => event.type === 'message-retry')).toBe(false);
  });

  it('ends with aborted during the backoff sleep without sending another request', async () => {
    server = await startScriptedServer({
      turns: [{ fault: { kind: 'http-error', status: 503, code: '1305' } }, { content: 'too late' }],
    });
    // A backoff far longer than the test timeout: only an abort can end it in time.
    const client = createGlmClient({
      apiKey,
      baseUrl: server.baseUrl,
      retryBaseDelayMs: 120_000,
      retryMaxDelayMs: 120_000,
    });
    const controller = new AbortController();
    const events: ModelEvent[] = [];
    for await (const event of client.stream({ messages: user, signal: controller.signal })) {
      events.push(event);
      // Abort later, while the client sleeps (aborting here would be seen before the sleep starts).
      if (event.type === 'message-retry') setTimeout(() => controller.abort(), 50);
    }
    checkModelEvents(events);
    expect(messageEnd(events)).toMatchObject({
      stopReason: 'aborted',
      message: { role: 'assistant', content: '' },
    });
    expect(server.requests).toHaveLength(1);
  });

  it('ends with aborted when the signal is already aborted', async () => {
    server = await startScriptedServer({ turns: [{ content: 'unused' }] });
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl });
    const events = await collectEvents(client.stream({ messages: user, signal: AbortSignal.abort() }));
    checkModelEvents(events);
    expect(messageEnd(events).stopReason).toBe('aborted');
    const response = await client.complete({ messages: user, signal: AbortSignal.abort() });
    expect(response.stopReason).toBe('aborted');
  });

  it('throws invalid-options synchronously for a missing key or base URL', () => {
    expect(() => createGlmClient({})).toThrow(/API key/);
    expect(() => createGlmClient({ provider: 'vllm' })).toThrow(/baseUrl/);
    const client = createGlmClient({ provider: 'llama-cpp', baseUrl: 'http://127.0.0.1:1/v1' });
    expect(client.provider).toBe('llama-cpp');
    expect(() => client.stream({ messages: [] })).toThrow(/messages/);
  });
});
