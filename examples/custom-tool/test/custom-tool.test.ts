import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolContext } from '@wright/core';
import { createFileWorkspace, loadToolPlugins } from '@wright/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exampleDirectory = fileURLToPath(new URL('..', import.meta.url));
let root: string;
let context: ToolContext;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'wright-custom-tool-'));
  context = {
    workspace: await createFileWorkspace(root),
    signal: new AbortController().signal,
    callId: 'call-1',
    approve: async () => true,
    progress: () => {},
  };
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the custom-tool example plugin', () => {
  it('loads through loadToolPlugins and runs', async () => {
    const [tool, ...rest] = await loadToolPlugins(['./custom-tool'], { cwd: path.dirname(exampleDirectory) });
    expect(rest).toEqual([]);
    expect(tool).toMatchObject({ name: 'word_count', effect: 'read' });
    expect(tool!.parameters).toMatchObject({ type: 'object', required: ['path'] });

    await writeFile(path.join(root, 'notes.md'), 'one two\nthree café\n');
    const parsed = tool!.parse({ path: 'notes.md' });
    expect(parsed.ok).toBe(true);
    const result = await tool!.run(parsed.ok ? parsed.value : undefined, context);
    expect(result).toEqual({
      output: 'notes.md: 2 lines, 4 words, 19 characters',
      display: { kind: 'json', value: { lines: 2, words: 4, characters: 19 } },
    });
  });

  it('stays inside the workspace and reports bad input in plain words', async () => {
    const [tool] = await loadToolPlugins([exampleDirectory], { cwd: root });
    expect(tool!.parse({})).toEqual({ ok: false, message: 'Invalid arguments: `path` is required.' });
    const escaped = await tool!.run({ path: '../../etc/passwd' }, context);
    expect(escaped).toMatchObject({
      isError: true,
      output: expect.stringMatching(/climbs out of the workspace/),
    });
  });
});
