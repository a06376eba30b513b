import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScript, scriptFromJson, startScriptedServer } from '../src/index.js';
import { jsonBody, postChat, sseChunks } from './post-chat.js';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(
    directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

async function writeScript(text: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'wright-script-'));
  directories.push(directory);
  const path = join(directory, 'script.json');
  await writeFile(path, text);
  return path;
}

describe('scriptFromJson', () => {
  it('accepts an array of turns or an object with turns', () => {
    const turns = [{ content: 'hi' }, { toolCalls: [{ name: 'read', arguments: { path: 'a' } }] }];
    expect(scriptFromJson(turns)).toEqual(turns);
    expect(scriptFromJson({ turns })).toEqual(turns);
  });

  it.each([
    [{ turns: 3 }, 'expected an array of turns'],
    [[{ contnet: 'typo' }], 'turns[0].contnet is not a turn field'],
    [[{ content: 1 }], 'turns[0].content must be a string'],
    [[{ finishReason: 'done' }], 'turns[0].finishReason must be one of'],
    [[{}, { toolCalls: [{ arguments: '{}' }] }], 'turns[1].toolCalls[0].name must be a string'],
    [[{ toolCalls: [{ name: 'x', arguments: 5 }] }], 'turns[0].toolCalls[0].arguments must be'],
    [[{ usage: { cached: 1 } }], 'turns[0].usage.cached is not a usage field'],
    [[{ chunkSize: -1 }], 'turns[0].chunkSize must be a non-negative number'],
    [[{ fault: { kind: 'explode' } }], 'turns[0].fault.kind must be one of'],
    [[{ fault: { kind: 'http-error', code: '1302' } }], 'turns[0].fault.status must be a number'],
    [[{ fault: { kind: 'disconnect' } }], 'turns[0].fault.afterChunks must be a number'],
    [[{ fault: { kind: 'stream-error', afterChunks: 1 } }], 'turns[0].fault.code must be set'],
  ])('rejects %j', (value, problem) => {
    expect(() => scriptFromJson(value)).toThrow(problem);
  });
});

describe('loadScript', () => {
  it('loads a script file that drives the server', async () => {
    const path = await writeScript(
      JSON.stringify({
        turns: [
          {
            reasoning: 'Plan.',
            toolCalls: [{ id: 'call_a', name: 'read_file', arguments: { path: 'README.md' } }],
          },
          { content: 'Done.', usage: { cachedTokens: 12 } },
          { fault: { kind: 'http-error', status: 429, code: '1302', retryAfter: '1' } },
        ],
      }),
    );
    const server = await startScriptedServer({ turns: await loadScript(path) });
    try {
      const first = await jsonBody(await postChat(server, {}));
      expect(first.choices[0].message.tool_calls[0]).toEqual({
        id: 'call_a',
        type: 'function',
        function: { name: 'read_file', arguments: '{"path":"README.md"}' },
      });
      const second = sseChunks(await (await postChat(server, { stream: true })).text());
      expect(second[second.length - 1].usage.prompt_tokens_details.cached_tokens).toBe(12);
      const third = await postChat(server, {});
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('1');
    } finally {
      await server.close();
    }
  });

  it('names the file in errors', async () => {
    const broken = await writeScript('{ not json');
    await expect(loadScript(broken)).rejects.toThrow(`script ${broken}: not valid JSON`);
    const invalid = await writeScript('[{"content": 3}]');
    await expect(loadScript(invalid)).rejects.toThrow(`script ${invalid}: turns[0].content must be a string`);
  });
});
