import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, git, runCliProcess, type Scratch } from './cli-harness.js';

const module = `${Array.from({ length: 30 }, (_, index) => `export const value${index} = ${index};`).join('\n')}\n`;

let scratch: Scratch;
let server: ScriptedServer | undefined;
let repo: string;
let env: Record<string, string>;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, { 'src/old.ts': module, 'notes.txt': 'notes\n' });
  env = { ...scratch.env, ZAI_API_KEY: 'test-key' };
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

/** Every file under `root` but `.git`, with its content. */
async function files(root: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(root.length + 1);
    if (path.startsWith('.git/')) continue;
    found[path] = await readFile(join(root, path), 'utf8');
  }
  return found;
}

describe('renames in wright diff', () => {
  it('shows a moved file as a rename; the diff applies back with wright apply and git apply; undo is exact', async () => {
    const patch = [
      '*** Begin Patch',
      '*** Update File: src/old.ts',
      '*** Move to: src/new.ts',
      '@@',
      ' export const value3 = 3;',
      '-export const value4 = 4;',
      '+export const value4 = 44;',
      ' export const value5 = 5;',
      '*** End Patch',
    ].join('\n');
    server = await startScriptedServer({
      turns: [
        { toolCalls: [{ name: 'apply_patch', arguments: { patch } }] },
        {
          toolCalls: [
            { name: 'shell', arguments: { command: 'mkdir -p docs && mv notes.txt docs/notes.md' } },
          ],
        },
        { content: 'Moved.' },
      ],
    });
    const start = await files(repo);
    const run = await runCliProcess(
      ['run', '--base-url', server.baseUrl, '--approval', 'full', 'move the files'],
      { cwd: repo, env },
    );
    expect(run.stderr).not.toContain('Error');
    expect(run.exitCode).toBe(0);
    const end = await files(repo);
    expect(Object.keys(end).sort()).toEqual(['docs/notes.md', 'src/new.ts']);

    const diff = await runCliProcess(['diff'], { cwd: repo, env });
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain('rename from src/old.ts\nrename to src/new.ts');
    expect(diff.stdout).toContain('rename from notes.txt\nrename to docs/notes.md');
    expect(diff.stdout).toContain('+export const value4 = 44;');
    expect(diff.stdout).not.toContain('-export const value0 = 0;');
    const patchFile = join(scratch.root, 'session.patch');
    await writeFile(patchFile, diff.stdout);

    // The printed diff takes a copy of the start state to the session's files, with wright apply and git apply.
    for (const tool of ['wright', 'git'] as const) {
      const copy = join(scratch.root, `copy-${tool}`);
      await git(scratch.root, 'clone', '--quiet', repo, copy);
      if (tool === 'wright') {
        const applied = await runCliProcess(['apply', patchFile], { cwd: copy, env });
        expect(applied.stderr).toBe('');
        expect(applied.exitCode).toBe(0);
      } else {
        await git(copy, 'apply', patchFile);
      }
      expect(await files(copy)).toEqual(end);
    }

    const undo = await runCliProcess(['undo', '--to', '0'], { cwd: repo, env });
    expect(undo.exitCode).toBe(0);
    expect(await files(repo)).toEqual(start);
    expect(await git(repo, 'status', '--porcelain')).toBe('');
  });
});
