import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedServer, startScriptedServer, textTurn, toolCallTurn } from '../src/index.js';
import { jsonBody, postChat, sseChunks, ssePayloads } from './post-chat.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  server = await startScriptedServer(options);
  return server;
}

describe('startScriptedServer streaming', () => {
  it('frames SSE exactly: data lines, reasoning then content, final chunk with usage, then [DONE]', async () => {
    const scripted = await start({
      turns: [{ reasoning: 'Think first.', content: 'Hello there!', chunkSize: 5 }],
    });
    expect(scripted.baseUrl).toBe(`http://127.0.0.1:${scripted.port}/api/paas/v4`);
    const response = await postChat(scripted, { model: 'glm-4.7', stream: true, messages: [] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const payloads = ssePayloads(text);
    expect(payloads[payloads.length - 1]).toBe('[DONE]');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = sseChunks(text);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: 'scripted-1', model: 'glm-4.7' });
      expect(typeof chunk.created).toBe('number');
    }
    const deltas = chunks.slice(0, -1).map((chunk) => chunk.choices[0].delta);
    expect(deltas).toEqual([
      { role: 'assistant', reasoning_content: 'Think' },
      { reasoning_content: ' firs' },
      { reasoning_content: 't.' },
      { content: 'Hello' },
      { content: ' ther' },
      { content: 'e!' },
    ]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === undefined)).toBe(true);
    expect(chunks.slice(0, -1).every((chunk) => !('finish_reason' in chunk.choices[0]))).toBe(true);
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([
      { index: 0, finish_reason: 'stop', delta: { role: 'assistant', content: '' } },
    ]);
    expect(last.usage.prompt_tokens_details).toEqual({ cached_tokens: 0 });
    expect(last.usage.total_tokens).toBe(last.usage.prompt_tokens + last.usage.completion_tokens);
    expect(last.usage.completion_tokens).toBe(Math.ceil('Think first.Hello there!'.length / 4));
  });

  it('reports scripted usage including cached and reasoning tokens', async () => {
    const usage = { promptTokens: 812, completionTokens: 96, cachedTokens: 768, reasoningTokens: 40 };
    const scripted = await start({ turns: [{ content: 'ok', usage }] });
    const chunks = sseChunks(await (await postChat(scripted, { stream: true })).text());
    expect(chunks[chunks.length - 1].usage).toEqual({
      prompt_tokens: 812,
      completion_tokens: 96,
      total_tokens: 908,
      prompt_tokens_details: { cached_tokens: 768 },
      completion_tokens_details: { reasoning_tokens: 40 },
    });
  });

  it('streams tool-call arguments in fragments with tool_stream, one index per parallel call', async () => {
    const scripted = await start({
      turns: [
        toolCallTurn(
          [
            { id: 'call_-8123', name: 'list_dir', arguments: { path: 'src' } },
            { name: 'read_file', arguments: '{"path":"a.ts"}' },
          ],
          'Look around.',
        ),
      ],
    });
    const chunks = sseChunks(await (await postChat(scripted, { stream: true, tool_stream: true })).text());
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0].delta.tool_calls ?? []);
    expect(toolDeltas).toEqual([
      { index: 0, id: 'call_-8123', type: 'function', function: { name: 'list_dir', arguments: '' } },
      { index: 0, function: { arguments: '{"path":' } },
      { index: 0, function: { arguments: '"src"}' } },
      { index: 1, id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '' } },
      { index: 1, function: { arguments: '{"path":' } },
      { index: 1, function: { arguments: '"a.ts"}' } },
    ]);
    expect(chunks.every((chunk) => (chunk.choices[0].delta.tool_calls ?? []).length <= 1)).toBe(true);
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('tool_calls');
  });

  it('sends each tool call whole in one delta, after reasoning and content, without tool_stream', async () => {
    const scripted = await start({
      turns: [
        {
          reasoning: 'r',
          content: 'Let me look.',
          toolCalls: [{ name: 'list_dir', arguments: { path: '.' } }],
        },
      ],
    });
    const chunks = sseChunks(await (await postChat(scripted, { stream: true })).text());
    const withCalls = chunks.filter((chunk) => chunk.choices[0].delta.tool_calls);
    expect(withCalls).toHaveLength(1);
    expect(withCalls[0].choices[0].delta.tool_calls).toEqual([
      { index: 0, id: 'call_1', type: 'function', function: { name: 'list_dir', arguments: '{"path":"."}' } },
    ]);
    expect(chunks.indexOf(withCalls[0])).toBe(chunks.length - 2);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', reasoning_content: 'r' });
  });

  it('numbers default call ids across the whole server', async () => {
    const call = { name: 'noop', arguments: {} };
    const scripted = await start({ turns: [toolCallTurn([call]), toolCallTurn([call])] });
    const ids: string[] = [];
    for (let turn = 0; turn < 2; turn++) {
      const body = await jsonBody(await postChat(scripted, {}));
      ids.push(body.choices[0].message.tool_calls[0].id);
    }
    expect(ids).toEqual(['call_1', 'call_2']);
  });

  it('never splits a surrogate pair across deltas', async () => {
    const scripted = await start({ turns: [{ content: 'a😀b', chunkSize: 1 }] });
    const chunks = sseChunks(await (await postChat(scripted, { stream: true })).text());
    expect(chunks.slice(0, -1).map((chunk) => chunk.choices[0].delta.content)).toEqual(['a', '😀', 'b']);
  });

  it('uses `reasoning` instead of `reasoning_content` in the vllm dialect', async () => {
    const scripted = await start({
      dialect: 'vllm',
      turns: [textTurn('answer', 'why'), textTurn('answer', 'why')],
    });
    scripted.baseUrl = scripted.baseUrl.replace('/api/paas/v4', '/v1');
    const chunks = sseChunks(await (await postChat(scripted, { stream: true })).text());
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', reasoning: 'why' });
    expect(JSON.stringify(chunks)).not.toContain('reasoning_content');
    const body = await jsonBody(await postChat(scripted, {}));
    expect(body.choices[0].message).toEqual({ role: 'assistant', content: 'answer', reasoning: 'why' });
    expect(scripted.requests.map((request) => request.path)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
    ]);
  });
});

describe('startScriptedServer JSON mode', () => {
  it('answers stream:false with one body shaped like the protocol spec §4', async () => {
    const scripted = await start({
      turns: [
        {
          reasoning: 'Need to look at the directory first',
          toolCalls: [{ id: 'call_-8123', name: 'list_dir', arguments: { path: 'src' } }],
          usage: { promptTokens: 812, completionTokens: 96, cachedTokens: 768 },
        },
      ],
    });
    const response = await postChat(scripted, {
      model: 'glm-4.7',
      request_id: 'agent-1-turn-1',
      stream: false,
    });
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await jsonBody(response);
    expect(body).toEqual({
      id: 'scripted-1',
      request_id: 'agent-1-turn-1',
      created: expect.any(Number),
      model: 'glm-4.7',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: '',
            reasoning_content: 'Need to look at the directory first',
            tool_calls: [
              {
                id: 'call_-8123',
                type: 'function',
                function: { name: 'list_dir', arguments: '{"path":"src"}' },
              },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 812,
        completion_tokens: 96,
        total_tokens: 908,
        prompt_tokens_details: { cached_tokens: 768 },
      },
    });
  });

  it('omits reasoning and tool calls when the turn has none', async () => {
    const scripted = await start({ turns: [textTurn('plain')] });
    const body = await jsonBody(await postChat(scripted, { model: 'glm-4.7-flash' }));
    expect(body.model).toBe('glm-4.7-flash');
    expect(body.choices[0]).toEqual({
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'plain' },
    });
  });
});

describe('startScriptedServer script handling', () => {
  it('records every request with its exact raw body, parsed body and lower-case headers', async () => {
    const scripted = await start({ turns: [textTurn('one')] });
    const raw = '{"model":"glm-4.7",  "messages":[{"role":"user","content":"h\\u00e9 ü"}],"stream":false}\n';
    await postChat(scripted, raw, { headers: { 'X-Custom': 'yes' } });
    await fetch(`http://127.0.0.1:${scripted.port}/elsewhere`);
    expect(scripted.requests).toHaveLength(2);
    const [first, second] = scripted.requests;
    expect(first?.rawBody).toBe(raw);
    expect(first?.body).toEqual(JSON.parse(raw));
    expect(first).toMatchObject({ method: 'POST', path: '/api/paas/v4/chat/completions' });
    expect(first?.headers['x-custom']).toBe('yes');
    expect(first?.headers['content-type']).toBe('application/json');
    expect(typeof first?.time).toBe('number');
    expect(second).toMatchObject({ method: 'GET', path: '/elsewhere', rawBody: '', body: undefined });
  });

  it('answers other paths with 404 and a body that is not JSON with 400, without using a turn', async () => {
    const scripted = await start({ turns: [textTurn('kept')] });
    const missing = await fetch(`http://127.0.0.1:${scripted.port}/api/paas/v4/models`);
    expect(missing.status).toBe(404);
    const invalid = await postChat(scripted, 'not json');
    expect(invalid.status).toBe(400);
    expect((await jsonBody(invalid)).error.code).toBe('1210');
    const body = await jsonBody(await postChat(scripted, {}));
    expect(body.choices[0].message.content).toBe('kept');
  });

  it('rejects a missing or wrong API key with 401 code 1001 and accepts the right one', async () => {
    const scripted = await start({ apiKey: 'secret', turns: [textTurn('welcome')] });
    const missing = await postChat(scripted, {});
    expect(missing.status).toBe(401);
    expect(await jsonBody(missing)).toEqual({ error: { code: '1001', message: expect.any(String) } });
    const wrong = await postChat(scripted, {}, { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await postChat(scripted, {}, { headers: { Authorization: 'Bearer secret' } });
    expect(right.status).toBe(200);
    expect((await jsonBody(right)).choices[0].message.content).toBe('welcome');
    expect(scripted.requests).toHaveLength(3);
  });

  it('answers 500 with the documented message once the script runs out', async () => {
    const scripted = await start({ turns: [textTurn('only')] });
    expect((await postChat(scripted, {})).status).toBe(200);
    const exhausted = await postChat(scripted, {});
    expect(exhausted.status).toBe(500);
    expect(await jsonBody(exhausted)).toEqual({
      error: { code: '500', message: 'scripted server: no turn left for request 2' },
    });
  });

  it('repeats the last turn with loop, and serves pushed turns in order', async () => {
    const scripted = await start({ loop: true, turns: [textTurn('first'), textTurn('again')] });
    const contents: string[] = [];
    for (let request = 0; request < 4; request++) {
      contents.push((await jsonBody(await postChat(scripted, {}))).choices[0].message.content);
    }
    expect(contents).toEqual(['first', 'again', 'again', 'again']);

    const pushed = await startScriptedServer({ turns: [] });
    try {
      pushed.push(textTurn('a'), textTurn('b'));
      const texts = [];
      for (let request = 0; request < 2; request++) {
        texts.push((await jsonBody(await postChat(pushed, {}))).choices[0].message.content);
      }
      expect(texts).toEqual(['a', 'b']);
      expect((await postChat(pushed, {})).status).toBe(500);
    } finally {
      await pushed.close();
    }
  });

  it('calls function turns with the recorded request and the turn index', async () => {
    const seen: [string, number][] = [];
    const scripted = await start({
      turns: [
        (request, index) => {
          seen.push([request.body.messages[0].content, index]);
          return textTurn(`echo ${request.body.messages[0].content}`);
        },
        (request, index) => {
          seen.push([request.body.messages[0].content, index]);
          return textTurn('second');
        },
      ],
    });
    const first = await jsonBody(await postChat(scripted, { messages: [{ role: 'user', content: 'ping' }] }));
    await postChat(scripted, { messages: [{ role: 'user', content: 'pong' }] });
    expect(first.choices[0].message.content).toBe('echo ping');
    expect(seen).toEqual([
      ['ping', 0],
      ['pong', 1],
    ]);
  });

  it('closes the listener so later requests fail', async () => {
    const scripted = await startScriptedServer({ turns: [] });
    await scripted.close();
    await expect(postChat(scripted, {})).rejects.toThrow();
  });
});

describe('startScriptedServer conversations', () => {
  it('serves each conversation from its own script, matched on the first user message, whatever the order', async () => {
    const scripted = await start({
      turns: [textTurn('main 1'), textTurn('main 2')],
      conversations: [
        { match: 'CHILD-A', turns: [textTurn('a 1'), textTurn('a 2')] },
        { match: 'CHILD-B', turns: [(_request, index) => textTurn(`b ${index + 1}`)] },
      ],
    });
    const ask = async (first: string) => {
      const messages = [
        { role: 'system', content: 'CHILD-B in the system prompt does not count' },
        { role: 'user', content: first },
        { role: 'user', content: 'CHILD-A later does not count' },
      ];
      const body = await jsonBody(await postChat(scripted, { model: 'glm-4.7', messages }));
      return body.choices[0].message.content;
    };
    expect(await ask('task for CHILD-B')).toBe('b 1');
    expect(await ask('the parent')).toBe('main 1');
    expect(await ask('task for CHILD-A')).toBe('a 1');
    expect(await ask('task for CHILD-A')).toBe('a 2');
    expect(await ask('the parent')).toBe('main 2');
    const left = await postChat(scripted, {
      model: 'glm-4.7',
      messages: [{ role: 'user', content: 'CHILD-A again' }],
    });
    expect(left.status).toBe(500);
    expect(scripted.requests).toHaveLength(6);
  });
});
