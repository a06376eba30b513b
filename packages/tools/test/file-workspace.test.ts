import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from '@wright/core';
import { createFileWorkspace } from '@wright/tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bytes = (text: string) => new TextEncoder().encode(text);
const origin = { toolName: 'test', callId: 'c1' };
let root: string;
let workspace: Workspace;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'wright-workspace-'));
  workspace = await createFileWorkspace(root);
  await writeFile(path.join(root, 'a.txt'), 'alpha\r\n');
  await writeFile(path.join(root, 'b.txt'), 'beta');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const read = (name: string) => readFile(path.join(root, name), 'utf8');

describe('createFileWorkspace', () => {
  it('creates (with parent dirs), modifies, deletes and renames', async () => {
    await chmod(path.join(root, 'a.txt'), 0o755);
    await workspace.applyChanges(
      [
        { path: 'new/dir/c.txt', before: null, after: bytes('gamma') },
        { path: 'a.txt', before: bytes('alpha\r\n'), after: bytes('ALPHA\r\n') },
        { path: 'b.txt', before: bytes('beta'), after: null },
      ],
      origin,
    );
    expect(await read('new/dir/c.txt')).toBe('gamma');
    expect(await read('a.txt')).toBe('ALPHA\r\n');
    expect((await stat(path.join(root, 'a.txt'))).mode & 0o777).toBe(0o755);
    await expect(stat(path.join(root, 'b.txt'))).rejects.toThrow();
    await workspace.applyChanges(
      [{ path: 'moved/a.txt', renamedFrom: 'a.txt', before: bytes('ALPHA\r\n'), after: bytes('moved') }],
      origin,
    );
    expect(await read('moved/a.txt')).toBe('moved');
    await expect(stat(path.join(root, 'a.txt'))).rejects.toThrow();
    expect((await readdir(path.join(root, 'moved'))).filter((name) => name.includes('wright'))).toEqual([]);
  });

  it('writes nothing when any before does not match the disk', async () => {
    await expect(
      workspace.applyChanges(
        [
          { path: 'a.txt', before: bytes('alpha\r\n'), after: bytes('changed') },
          { path: 'b.txt', before: bytes('stale'), after: bytes('changed') },
        ],
        origin,
      ),
    ).rejects.toMatchObject({ code: 'workspace', message: expect.stringMatching(/b\.txt changed on disk/) });
    expect(await read('a.txt')).toBe('alpha\r\n');
    expect(await read('b.txt')).toBe('beta');
    await expect(
      workspace.applyChanges([{ path: 'b.txt', before: null, after: bytes('x') }], origin),
    ).rejects.toThrow(/already exists/);
  });

  it('undoes earlier writes when a later write fails', async () => {
    // b.txt is a file, so creating b.txt/inner.txt fails after a.txt was already replaced.
    await expect(
      workspace.applyChanges(
        [
          { path: 'a.txt', before: bytes('alpha\r\n'), after: bytes('changed') },
          { path: 'fresh.txt', before: null, after: bytes('new') },
          { path: 'b.txt/inner.txt', before: null, after: bytes('g') },
        ],
        origin,
      ),
    ).rejects.toThrow(/nothing was kept/);
    expect(await read('a.txt')).toBe('alpha\r\n');
    await expect(stat(path.join(root, 'fresh.txt'))).rejects.toThrow();
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('refuses paths outside the root', async () => {
    await symlink(os.tmpdir(), path.join(root, 'tmp-link'));
    await expect(
      workspace.applyChanges([{ path: 'tmp-link/evil.txt', before: null, after: bytes('x') }], origin),
    ).rejects.toMatchObject({ code: 'workspace' });
    await expect(
      workspace.applyChanges([{ path: '../evil.txt', before: null, after: bytes('x') }], origin),
    ).rejects.toMatchObject({ code: 'workspace' });
    await expect(stat(path.join(os.tmpdir(), 'evil.txt'))).rejects.toThrow();
  });
});
