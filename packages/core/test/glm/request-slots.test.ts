import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGlmClient } from '../../src/glm/create-glm-client.js';
import { createRequestSlots } from '../../src/glm/request-slots.js';
import { collectEvents, messageEnd } from './collect-events.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('shared request slots (Coding Plan keys allow about one request at a time)', () => {
  for (const count of [1, 2]) {
    it(`two clients sharing ${count} slot(s) hold at most ${count} request(s) open at once`, async () => {
      server = await startScriptedServer({
        turns: [{ content: 'a reply, slowly', chunkDelayMs: 10, chunkSize: 2 }],
        loop: true,
      });
      const inner = createRequestSlots(count);
      let open = 0;
      let most = 0;
      const slots = {
        async acquire(signal?: AbortSignal) {
          const release = await inner.acquire(signal);
          most = Math.max(most, ++open);
          return () => {
            open--;
            release();
          };
        },
      };
      const clients = [0, 1].map(() =>
        createGlmClient({ apiKey: 'k', baseUrl: server!.baseUrl, requestSlots: slots }),
      );
      const ends = await Promise.all(
        clients.map(async (client) =>
          messageEnd(await collectEvents(client.stream({ messages: [{ role: 'user', content: 'go' }] }))),
        ),
      );
      expect(ends.map((end) => end.stopReason)).toEqual(['stop', 'stop']);
      expect(server.requests).toHaveLength(2);
      expect(most).toBe(count);
      expect(open).toBe(0);
    });
  }

  it('an abort while waiting for a slot ends the request as aborted and frees nothing it did not take', async () => {
    const slots = createRequestSlots(1);
    const release = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    const again = await slots.acquire();
    again();
    expect(() => createRequestSlots(0)).toThrow(/integer >= 1/);
  });
});
