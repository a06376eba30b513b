import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedServer, type ScriptedTurn, startScriptedServer, textTurn } from '../src/index.js';
import { jsonBody, postChat, readUntilEnd, sseChunks, ssePayloads } from './post-chat.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(turns: ScriptedTurn[]): Promise<ScriptedServer> {
  server = await startScriptedServer({ turns });
  return server;
}

describe('scripted faults', () => {
  it('http-error answers the status with the business-code envelope and Retry-After, streaming or not', async () => {
    const fault = {
      kind: 'http-error',
      status: 429,
      code: '1302',
      message: 'High concurrency',
      retryAfter: '3',
    } as const;
    const scripted = await start([{ fault }, { fault: { kind: 'http-error', status: 400, code: 1261 } }]);
    const limited = await postChat(scripted, { stream: true });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('content-type')).toBe('application/json');
    expect(await limited.text()).toBe('{"error":{"code":"1302","message":"High concurrency"}}');
    const tooLong = await postChat(scripted, { stream: false });
    expect(tooLong.status).toBe(400);
    expect(tooLong.headers.get('retry-after')).toBeNull();
    expect(await jsonBody(tooLong)).toEqual({ error: { code: 1261, message: expect.any(String) } });
  });

  it('disconnect sends the given number of chunks, then destroys the socket without [DONE]', async () => {
    const scripted = await start([
      { content: 'abcdefghijklmnop', chunkSize: 4, fault: { kind: 'disconnect', afterChunks: 2 } },
      textTurn('after'),
    ]);
    const response = await postChat(scripted, { stream: true });
    expect(response.status).toBe(200);
    const { text, error } = await readUntilEnd(response);
    expect(error).toBeDefined();
    expect(ssePayloads(text)).toHaveLength(2);
    expect(sseChunks(text).map((chunk) => chunk.choices[0].delta.content)).toEqual(['abcd', 'efgh']);
    expect((await jsonBody(await postChat(scripted, {}))).choices[0].message.content).toBe('after');
  });

  it('disconnect in JSON mode drops the connection before any answer', async () => {
    const scripted = await start([{ content: 'x', fault: { kind: 'disconnect', afterChunks: 0 } }]);
    await expect(postChat(scripted, { stream: false })).rejects.toThrow();
  });

  it('stream-error sends chunks, then a data: {"error"} event, and ends without [DONE]', async () => {
    const scripted = await start([
      {
        content: 'partial answer',
        chunkSize: 7,
        fault: { kind: 'stream-error', afterChunks: 1, code: '1234', message: 'boom' },
      },
    ]);
    const response = await postChat(scripted, { stream: true });
    const { text, error } = await readUntilEnd(response);
    expect(error).toBeUndefined();
    expect(ssePayloads(text)).toEqual([
      expect.stringContaining('"content":"partial"'),
      '{"error":{"code":"1234","message":"boom"}}',
    ]);
  });

  it('stream-error in JSON mode answers HTTP 500 with the envelope', async () => {
    const scripted = await start([{ fault: { kind: 'stream-error', afterChunks: 0, code: 1234 } }]);
    const response = await postChat(scripted, {});
    expect(response.status).toBe(500);
    expect((await jsonBody(response)).error.code).toBe(1234);
  });

  it('chunkDelayMs spaces chunks out: closing during a long delay leaves only the first chunk delivered', async () => {
    const scripted = await start([{ content: 'slow reply', chunkSize: 5, chunkDelayMs: 60_000 }]);
    const response = await postChat(scripted, { stream: true });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(ssePayloads(first)).toHaveLength(1);
    await scripted.close();
    await expect(reader.read()).rejects.toThrow();
  });

  it('hang sends headers and nothing else until the client aborts; the server keeps serving', async () => {
    const scripted = await start([{ fault: { kind: 'hang' } }, textTurn('still alive')]);
    const abort = new AbortController();
    const response = await postChat(scripted, { stream: true }, { signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const pending = response.text();
    abort.abort();
    await expect(pending).rejects.toThrow();
    expect((await jsonBody(await postChat(scripted, {}))).choices[0].message.content).toBe('still alive');
  });

  it('close() ends a hanging reply, streaming or not', async () => {
    const scripted = await start([{ fault: { kind: 'hang' } }, { fault: { kind: 'hang' } }]);
    const streamed = await postChat(scripted, { stream: true });
    const streamedText = streamed.text();
    const json = await postChat(scripted, {});
    expect(json.headers.get('content-type')).toBe('application/json');
    const jsonText = json.text();
    await scripted.close();
    await expect(streamedText).rejects.toThrow();
    await expect(jsonText).rejects.toThrow();
  });

  it.each(['network_error', 'sensitive', 'length', 'model_context_window_exceeded'] as const)(
    'finish reason %s arrives in the final chunk and the JSON body',
    async (finishReason) => {
      const scripted = await start([
        { content: 'cut', finishReason },
        { content: 'cut', finishReason },
      ]);
      const chunks = sseChunks(await (await postChat(scripted, { stream: true })).text());
      expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe(finishReason);
      const body = await jsonBody(await postChat(scripted, {}));
      expect(body.choices[0].finish_reason).toBe(finishReason);
    },
  );
});
