import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, useCliTest } from './cli-harness.js';

const module = `${Array.from({ length: 30 }, (_, index) => `export const value${index} = ${index};`).join('\n')}\n`;

const cli = useCliTest({ files: { 'src/old.ts': module, 'notes.txt': 'notes\n' } });

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
    await cli.startServer({
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
    const start = await files(cli.repo);
    const run = await cli.runTask(['--approval', 'full', 'move the files']);
    expect(run.stderr).not.toContain('Error');
    expect(run.exitCode).toBe(0);
    const end = await files(cli.repo);
    expect(Object.keys(end).sort()).toEqual(['docs/notes.md', 'src/new.ts']);

    const diff = await cli.run(['diff']);
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain('rename from src/old.ts\nrename to src/new.ts');
    expect(diff.stdout).toContain('rename from notes.txt\nrename to docs/notes.md');
    expect(diff.stdout).toContain('+export const value4 = 44;');
    expect(diff.stdout).not.toContain('-export const value0 = 0;');
    const patchFile = join(cli.scratch.root, 'session.patch');
    await writeFile(patchFile, diff.stdout);

    // The printed diff takes a copy of the start state to the session's files, with wright apply and git apply.
    for (const tool of ['wright', 'git'] as const) {
      const copy = join(cli.scratch.root, `copy-${tool}`);
      await git(cli.scratch.root, 'clone', '--quiet', cli.repo, copy);
      if (tool === 'wright') {
        const applied = await cli.run(['apply', patchFile], { cwd: copy });
        expect(applied.stderr).toBe('');
        expect(applied.exitCode).toBe(0);
      } else {
        await git(copy, 'apply', patchFile);
      }
      expect(await files(copy)).toEqual(end);
    }

    const undo = await cli.run(['undo', '--to', '0']);
    expect(undo.exitCode).toBe(0);
    expect(await files(cli.repo)).toEqual(start);
    expect(await git(cli.repo, 'status', '--porcelain')).toBe('');
  });
});
