import { afterEach, describe, expect, it } from 'vitest';
import {
  quirkNames,
  type ScriptedServer,
  type ScriptedTurn,
  scriptFromJson,
  serverProfiles,
  startScriptedServer,
} from '../src/index.js';
import { jsonBody, postChat, readUntilEnd, sseChunks } from './post-chat.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const call = { id: 'call_a', name: 'read_file', arguments: { path: 'a.ts', limit: 5, all: true } };
const turn = (quirks: ScriptedTurn['quirks'], extra: Partial<ScriptedTurn> = {}): ScriptedTurn => ({
  reasoning: 'think',
  content: 'hello',
  toolCalls: [call],
  quirks,
  ...extra,
});

async function streamed(turns: ScriptedTurn[], profile?: keyof typeof serverProfiles) {
  server = await startScriptedServer({ turns, ...(profile ? { profile } : {}) });
  const response = await postChat(server, { stream: true, tool_stream: true });
  return (await readUntilEnd(response)).text;
}

describe('quirks on the wire', () => {
  it('shapes chunks: role every delta, whole call with content "", stop_reason, repeated id, separate usage, second finish', async () => {
    const chunks = sseChunks(
      await streamed([
        turn([
          'role-every-delta',
          'whole-call-one-delta',
          'stop-reason-number',
          'repeat-id-name',
          'usage-separate-chunk',
          'two-finish-chunks',
          'scalars-as-strings',
        ]),
      ]),
    );
    expect(
      chunks.every(
        (chunk) =>
          chunk.choices.length === 0 ||
          chunk.choices[0].delta.role === 'assistant' ||
          chunk.choices[0].finish_reason === 'stop',
      ),
    ).toBe(true);
    const whole = chunks.find(
      (chunk) =>
        chunk.choices[0]?.delta.tool_calls?.[0]?.function.arguments !== '' &&
        chunk.choices[0]?.delta.tool_calls,
    );
    expect(whole.choices[0].delta).toMatchObject({
      content: '',
      tool_calls: [
        {
          id: 'call_a',
          function: { name: 'read_file', arguments: '{"path":"a.ts","limit":"5","all":"true"}' },
        },
      ],
    });
    const finishes = chunks.filter((chunk) => chunk.choices[0]?.finish_reason);
    expect(finishes.map((chunk) => chunk.choices[0].finish_reason)).toEqual(['tool_calls', 'stop']);
    expect(finishes[0].choices[0].stop_reason).toBe(151338);
    expect(finishes[0].usage).toBeUndefined();
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
    const repeats = chunks.filter((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.id === 'call_a');
    expect(repeats).toHaveLength(2);
  });

  it('writes calls as text: markup in reasoning (first without its opening tag), markup and JSON in content', async () => {
    server = await startScriptedServer({
      turns: [turn(['markup-in-reasoning']), turn(['markup-in-content']), turn(['json-call-in-content'])],
    });
    const bodies = [];
    for (let index = 0; index < 3; index++) bodies.push(await jsonBody(await postChat(server, {})));
    const messages = bodies.map((body) => body.choices[0].message);
    expect(messages[0].reasoning_content).toBe(
      'think\nread_file<arg_key>path</arg_key><arg_value>a.ts</arg_value><arg_key>limit</arg_key><arg_value>5</arg_value><arg_key>all</arg_key><arg_value>true</arg_value></tool_call>',
    );
    expect(messages[1].content).toMatch(/^hello\n<tool_call>read_file<arg_key>path<\/arg_key>/);
    expect(JSON.parse(messages[2].content)).toEqual({ name: 'read_file', arguments: call.arguments });
    for (const [index, body] of bodies.entries()) {
      expect(body.choices[0].finish_reason, `turn ${index}`).toBe('stop');
      expect(messages[index].tool_calls).toBeUndefined();
    }
  });

  it('breaks replies: no calls with finish tool_calls, corrupt and doubled arguments, duplicate ids, polluted names', async () => {
    server = await startScriptedServer({
      turns: [
        turn(['tool-calls-without-calls']),
        turn(['corrupt-arguments', 'polluted-tool-name']),
        turn(['empty-arguments-doubled', 'duplicate-ids'], {
          toolCalls: [
            { id: 'x1', name: 'list_dir', arguments: {} },
            { id: 'x2', name: 'list_dir', arguments: {} },
          ],
        }),
      ],
    });
    const [none, corrupt, doubled] = [
      await jsonBody(await postChat(server, {})),
      await jsonBody(await postChat(server, {})),
      await jsonBody(await postChat(server, {})),
    ];
    expect(none.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: 'hello' } });
    expect(none.choices[0].message.tool_calls).toBeUndefined();
    expect(corrupt.choices[0].message.tool_calls[0].function).toEqual({
      name: 'read_file<arg_key>path',
      arguments: `${JSON.stringify(call.arguments)}]`,
    });
    expect(
      doubled.choices[0].message.tool_calls.map((entry: { id: string; function: { arguments: string } }) => [
        entry.id,
        entry.function.arguments,
      ]),
    ).toEqual([
      ['x1', '{}{}'],
      ['x1', '{}{}'],
    ]);
  });

  it('frames: glued frames, CRLF, a bare error line, network_error mid-call', async () => {
    const glued = await streamed([turn(['glued-frames'])]);
    const fused = glued.split('\n\n').filter((frame) => frame.indexOf('data: {', 1) > 0);
    expect(fused).toHaveLength(1);
    expect(() => JSON.parse((fused[0] as string).slice('data: '.length))).toThrow();
    await server?.close();
    expect(await streamed([turn(['crlf'])])).toMatch(
      /^data: .*\r\n\r\n(data: .*\r\n\r\n)*data: \[DONE\]\r\n\r\n$/s,
    );
    await server?.close();
    expect(await streamed([turn(['bare-error-line'])])).toBe(
      '{"error":{"code":"1214","message":"scripted: invalid messages"}}\n',
    );
    await server?.close();
    const cut = sseChunks(await streamed([turn(['network-error-mid-call'])]));
    expect(cut.at(-1).choices[0].finish_reason).toBe('network_error');
    const argumentText = cut
      .map((chunk) => chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '')
      .join('');
    expect(argumentText.length).toBeGreaterThan(0);
    expect(argumentText.length).toBeLessThan(JSON.stringify(call.arguments).length);
  });

  it('moves reasoning: <think> tags, a bare </think>, the answer in reasoning, the `reasoning` field', async () => {
    server = await startScriptedServer({
      turns: [
        turn(['think-tags-in-content'], { toolCalls: [] }),
        turn(['close-think-only', 'stray-user-token'], { toolCalls: [] }),
        turn(['answer-in-reasoning', 'reasoning-field-reasoning'], { toolCalls: [] }),
      ],
    });
    const messages = [];
    for (let index = 0; index < 3; index++)
      messages.push((await jsonBody(await postChat(server, {}))).choices[0].message);
    expect(messages[0]).toEqual({ role: 'assistant', content: '<think>think</think>hello' });
    expect(messages[1]).toEqual({ role: 'assistant', content: 'think</think>hello\n<|user|>' });
    expect(messages[2]).toEqual({ role: 'assistant', content: '', reasoning: 'thinkhello' });
  });

  it('profiles serve under their path and apply their quirks; JSON scripts take quirks and a profile, and name bad ones', async () => {
    server = await startScriptedServer({ turns: [turn([])], profile: 'vllm' });
    expect(server.baseUrl).toMatch(/\/v1$/);
    const chunks = sseChunks((await readUntilEnd(await postChat(server, { stream: true }))).text);
    expect(chunks[0].choices[0].delta.reasoning).toBe('think');
    expect(Object.keys(serverProfiles)).toEqual(['zai', 'zai-coding', 'vllm', 'sglang', 'llama-cpp']);
    for (const profile of Object.values(serverProfiles)) {
      for (const quirk of profile.quirks) expect(quirkNames).toContain(quirk);
    }
    const script = scriptFromJson({ profile: 'sglang', turns: [{ content: 'x', quirks: ['crlf'] }] });
    expect(script).toEqual([
      {
        content: 'x',
        quirks: ['whole-call-one-delta', 'empty-arguments-doubled', 'close-think-only', 'crlf'],
      },
    ]);
    expect(() => scriptFromJson({ turns: [{ quirks: ['nope'] }] })).toThrow(
      /turns\[0\]\.quirks\[0\] is not a quirk/,
    );
    expect(() => scriptFromJson({ profile: 'openai', turns: [] })).toThrow(
      /profile must be one of zai, zai-coding/,
    );
  });
});
