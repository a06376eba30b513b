import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGlmClient } from '@wright/core';
import { startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCodingAgent } from '../src/create-coding-agent.js';

let root: string;
let repo: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-agent-'));
  repo = join(root, 'repo');
  const git = (...args: string[]) =>
    promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], { cwd: root });
  await git('init', '--quiet', repo);
  await writeFile(join(repo, 'a.txt'), 'a\n');
  await git('-C', repo, 'add', '.');
  await git('-C', repo, 'commit', '--quiet', '--no-gpg-sign', '-m', 'start');
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('createCodingAgent', () => {
  it('refuses commands by default (auto-edit, nobody to ask) in words for an app, not for the CLI', async () => {
    const server = await startScriptedServer({
      turns: [
        toolCallTurn([{ name: 'shell', arguments: { command: 'npm publish' } }]),
        textTurn('I could not.'),
      ],
    });
    try {
      const agent = createCodingAgent({
        cwd: repo,
        model: createGlmClient({ apiKey: 'k', baseUrl: server.baseUrl }),
        dataDirectory: join(root, 'data'),
      });
      const run = agent.run('publish it');
      const ends = [];
      for await (const event of run) if (event.type === 'tool-exec-end') ends.push(event);
      expect(ends).toHaveLength(1);
      expect(ends[0]).toMatchObject({ name: 'shell', status: 'denied' });
      const output = (ends[0] as { result: { output: string } }).result.output;
      expect(output).toContain(
        "the application's permission policy must allow it (an allow rule such as shell(npm publish*))",
      );
      expect(output).not.toContain('--approval');
      expect(await run.result).toMatchObject({ status: 'done', steps: 2 });
    } finally {
      await server.close();
    }
  });

  it('ends with an error result, never a rejection, when the workspace cannot be opened', async () => {
    const agent = createCodingAgent({
      cwd: join(root, 'missing'),
      model: createGlmClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' }),
      dataDirectory: join(root, 'data'),
    });
    const run = agent.run('anything');
    const types: string[] = [];
    for await (const event of run) types.push(event.type);
    expect(types.at(-1)).toBe('task-end');
    expect(await run.result).toMatchObject({ status: 'error', reason: 'error' });
    await expect(run.workspace).rejects.toThrow();
  });
});
