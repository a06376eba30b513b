import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGlmClient } from '../../src/glm/create-glm-client.js';
import { collectEvents, messageEnd } from './collect-events.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const user = [{ role: 'user' as const, content: 'Hello' }];

/** An SSE server that answers "hi"; `endAfterDone: false` keeps the body open after `[DONE]` (a misbehaving proxy). */
async function startSseServer(
  endAfterDone: boolean,
): Promise<{ baseUrl: string; connections: () => number }> {
  let connections = 0;
  const send = (response: ServerResponse) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const chunk = { choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] };
    response.write(`data: ${JSON.stringify(chunk)}\n\n`);
    if (endAfterDone) response.end('data: [DONE]\n\n');
    else response.write('data: [DONE]\n\n');
  };
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => send(response));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { baseUrl: `http://127.0.0.1:${port}/api/paas/v4`, connections: () => connections };
}

/** A fetch that records the signal of every request it sends. */
function recordingFetch(signals: AbortSignal[]): typeof fetch {
  return (input, init) => {
    if (init?.signal) signals.push(init.signal);
    return fetch(input, init);
  };
}

describe('GLM client connections', () => {
  it('reads the body to its end after [DONE] instead of cancelling it, so a finished request is never aborted', async () => {
    const sse = await startSseServer(true);
    const signals: AbortSignal[] = [];
    const client = createGlmClient({
      apiKey: 'sk-connection-test',
      baseUrl: sse.baseUrl,
      maxRetries: 0,
      fetch: recordingFetch(signals),
    });
    for (let request = 0; request < 6; request++) {
      const end = messageEnd(await collectEvents(client.stream({ messages: user })));
      expect(end).toMatchObject({ stopReason: 'stop', message: { content: 'hi' } });
    }
    // Cancelling or aborting a body that is still being delivered costs an abort through fetch (and may close the
    // connection); a body read to its end needs neither.
    expect(signals).toHaveLength(6);
    expect(signals.filter((signal) => signal.aborted)).toHaveLength(0);
    expect(sse.connections()).toBeLessThanOrEqual(2);
  });

  it('still finishes, without an error, when the server keeps the body open after [DONE]', async () => {
    const sse = await startSseServer(false);
    const signals: AbortSignal[] = [];
    const client = createGlmClient({
      apiKey: 'sk-connection-test',
      baseUrl: sse.baseUrl,
      maxRetries: 0,
      fetch: recordingFetch(signals),
    });
    for (let request = 0; request < 2; request++) {
      const end = messageEnd(await collectEvents(client.stream({ messages: user })));
      expect(end).toMatchObject({ stopReason: 'stop', message: { content: 'hi' } });
      expect(end.error).toBeUndefined();
    }
    // The open body was given up after the grace time.
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
  });
});
