import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorData } from '../../src/errors.js';
import { createGlmClient } from '../../src/glm/create-glm-client.js';
import { collectEvents, messageEnd } from './collect-events.js';

const apiKey = 'sk-very-secret-key-4242424242';
let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const user = [{ role: 'user' as const, content: 'Hello' }];

describe('GLM client secrets', () => {
  it('never lets the API key into events, errors or retry callbacks', async () => {
    const echo = `Invalid token ${apiKey} (Authorization: Bearer ${apiKey})`;
    server = await startScriptedServer({
      turns: [
        {
          content: 'abcdefghij',
          fault: { kind: 'stream-error', afterChunks: 1, code: '1234', message: echo },
        },
        { fault: { kind: 'http-error', status: 401, code: '1002', message: echo } },
      ],
    });
    const retried: ErrorData[] = [];
    const client = createGlmClient({
      apiKey,
      baseUrl: server.baseUrl,
      retryBaseDelayMs: 5,
      onRetry: (retry) => retried.push(retry.error),
    });
    const events = await collectEvents(client.stream({ messages: user }));
    const end = messageEnd(events);
    expect(end.error).toMatchObject({ code: 'auth', providerCode: '1002', status: 401 });
    expect(end.error?.message).toContain('[redacted]');
    expect(retried).toHaveLength(1);
    const everything = JSON.stringify({ events, retried });
    expect(everything).toContain('Invalid token');
    expect(everything).not.toContain(apiKey);
    expect(everything).not.toContain('4242424242');
  });

  it('also redacts the values given in `redact` (the secrets of the child environment)', async () => {
    const token = 'ghp_gateway-echoed-token-9999';
    server = await startScriptedServer({
      turns: [{ fault: { kind: 'http-error', status: 400, code: '1210', message: `bad header ${token}` } }],
    });
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl, redact: [token], maxRetries: 0 });
    const response = await client.complete({ messages: user });
    expect(response.error?.message).toContain('bad header [redacted]');
    expect(JSON.stringify(response)).not.toContain(token);
  });

  it('rejects a wrong key with code 1001/1002 as auth, without retrying', async () => {
    server = await startScriptedServer({ apiKey: 'sk-the-right-key-000000', turns: [{ content: 'x' }] });
    const client = createGlmClient({ apiKey, baseUrl: server.baseUrl, retryBaseDelayMs: 5 });
    const response = await client.complete({ messages: user });
    expect(response.stopReason).toBe('error');
    expect(response.error?.code).toBe('auth');
    expect(response.error?.hint).toMatch(/API key/);
    expect(JSON.stringify(response)).not.toContain(apiKey);
    expect(server.requests).toHaveLength(1);
  });
});
