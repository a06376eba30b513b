import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolContext } from '@wright/core';
import { createFileWorkspace, loadToolPlugins } from '@wright/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocSnippets } from '../../../scripts/doc-snippets.ts';

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

describe('the custom-tool example plugins', () => {
  it('loads the JavaScript plugin through loadToolPlugins and runs it', async () => {
    await writeFile(path.join(root, 'notes.md'), 'one two\nthree café\n');
    // #region load
    const [tool] = await loadToolPlugins(['./custom-tool'], { cwd: path.dirname(exampleDirectory) });
    const parsed = tool!.parse({ path: 'notes.md' });
    const result = await tool!.run(parsed.ok ? parsed.value : undefined, context);
    // { output: 'notes.md: 2 lines, 4 words, 19 characters', display: { kind: 'json', ... } }
    // #endregion load
    expect(tool).toMatchObject({ name: 'word_count', effect: 'read' });
    expect(tool!.parameters).toMatchObject({ type: 'object', required: ['path'] });
    expect(parsed.ok).toBe(true);
    expect(result).toEqual({
      output: 'notes.md: 2 lines, 4 words, 19 characters',
      display: { kind: 'json', value: { lines: 2, words: 4, characters: 19 } },
    });
  });

  it('loads the TypeScript plugin (types stripped on load) and runs it', async () => {
    const [tool, ...rest] = await loadToolPlugins(['./shout.ts'], { cwd: exampleDirectory });
    expect(rest).toEqual([]);
    expect(tool).toMatchObject({ name: 'shout', effect: 'read' });
    expect(await tool!.run({ text: 'hello' }, context)).toEqual({ output: 'HELLO' });
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

  it('keeps the snippets of docs/plugins.md identical to the example sources', async () => {
    const docs = await readFile(new URL('../../../docs/plugins.md', import.meta.url), 'utf8');
    const sources = await Promise.all(
      ['../index.js', '../shout.ts', './custom-tool.test.ts'].map((file) =>
        readFile(new URL(file, import.meta.url), 'utf8'),
      ),
    );
    const check = checkDocSnippets(docs, sources.join('\n'));
    expect(check.problems).toEqual([]);
    expect(check.count).toBeGreaterThanOrEqual(3);
  });
});
