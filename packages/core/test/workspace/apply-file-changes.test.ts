import { execFileSync } from 'node:child_process';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FileChange } from '@wright/core';
import { applyFileChanges, planFileChanges, writePlannedChanges } from '@wright/core/internal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bytes = (text: string) => new TextEncoder().encode(text);
let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'wright-apply-')));
  root = path.join(base, 'root');
  await mkdir(root);
  await writeFile(path.join(root, 'a.txt'), 'alpha\r\n');
  await writeFile(path.join(root, 'b.txt'), 'beta');
});
afterEach(() => rm(base, { recursive: true, force: true }));

const read = (name: string) => readFile(path.join(root, name), 'utf8');
const apply = (changes: FileChange[]) => applyFileChanges(root, changes);

describe('applyFileChanges', () => {
  it('creates (with parent dirs), modifies (mode kept), deletes and renames', async () => {
    await chmod(path.join(root, 'a.txt'), 0o755);
    await apply([
      { path: 'new/dir/c.txt', before: null, after: bytes('gamma') },
      { path: 'a.txt', before: bytes('alpha\r\n'), after: bytes('ALPHA\r\n') },
      { path: 'b.txt', before: bytes('beta'), after: null },
    ]);
    expect(await read('new/dir/c.txt')).toBe('gamma');
    expect(await read('a.txt')).toBe('ALPHA\r\n');
    expect((await stat(path.join(root, 'a.txt'))).mode & 0o777).toBe(0o755);
    await expect(stat(path.join(root, 'b.txt'))).rejects.toThrow();
    await apply([
      { path: 'moved/a.txt', renamedFrom: 'a.txt', before: bytes('ALPHA\r\n'), after: bytes('moved') },
    ]);
    expect(await read('moved/a.txt')).toBe('moved');
    await expect(stat(path.join(root, 'a.txt'))).rejects.toThrow();
    expect((await readdir(path.join(root, 'moved'))).filter((name) => name.includes('wright'))).toEqual([]);
  });

  it('removes the directories a deletion or a rename leaves empty, never the root', async () => {
    await apply([{ path: 'deep/er/x.txt', before: null, after: bytes('x') }]);
    await apply([{ path: 'deep/er/x.txt', before: bytes('x'), after: null }]);
    await expect(stat(path.join(root, 'deep'))).rejects.toThrow();
    await apply([{ path: 'one/y.txt', before: null, after: bytes('y') }]);
    await apply([{ path: 'z.txt', renamedFrom: 'one/y.txt', before: bytes('y'), after: bytes('y') }]);
    await expect(stat(path.join(root, 'one'))).rejects.toThrow();
    await apply([
      { path: 'a.txt', before: bytes('alpha\r\n'), after: null },
      { path: 'b.txt', before: bytes('beta'), after: null },
      { path: 'z.txt', before: bytes('y'), after: null },
    ]);
    expect(await readdir(root)).toEqual([]);
  });

  it('writes nothing when any before does not match the disk', async () => {
    await expect(
      apply([
        { path: 'a.txt', before: bytes('alpha\r\n'), after: bytes('changed') },
        { path: 'b.txt', before: bytes('stale'), after: bytes('changed') },
      ]),
    ).rejects.toMatchObject({ code: 'workspace', message: expect.stringMatching(/b\.txt changed on disk/) });
    expect(await read('a.txt')).toBe('alpha\r\n');
    expect(await read('b.txt')).toBe('beta');
    await expect(apply([{ path: 'b.txt', before: null, after: bytes('x') }])).rejects.toThrow(
      /already exists/,
    );
    await expect(apply([{ path: 'gone.txt', before: bytes('x'), after: null }])).rejects.toThrow(
      /does not exist on disk/,
    );
  });

  it('refuses a path given twice (however spelled), a rename onto a file and a rename without content', async () => {
    await expect(
      apply([
        { path: 'a.txt', before: bytes('alpha\r\n'), after: bytes('1') },
        { path: 'sub/../a.txt', before: bytes('alpha\r\n'), after: bytes('2') },
      ]),
    ).rejects.toThrow(/more than one change/);
    await expect(
      apply([{ path: 'b.txt', renamedFrom: 'a.txt', before: bytes('alpha\r\n'), after: bytes('x') }]),
    ).rejects.toThrow(/already exists/);
    await expect(
      apply([{ path: 'c.txt', renamedFrom: 'a.txt', before: bytes('alpha\r\n'), after: null }]),
    ).rejects.toThrow(/has no content/);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('undoes earlier writes when a later write fails', async () => {
    // b.txt is a file, so creating b.txt/inner.txt fails after a.txt was already replaced.
    await expect(
      apply([
        { path: 'a.txt', before: bytes('alpha\r\n'), after: bytes('changed') },
        { path: 'fresh.txt', before: null, after: bytes('new') },
        { path: 'b.txt/inner.txt', before: null, after: bytes('g') },
      ]),
    ).rejects.toThrow(/nothing was kept/);
    expect(await read('a.txt')).toBe('alpha\r\n');
    await expect(stat(path.join(root, 'fresh.txt'))).rejects.toThrow();
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('undoes a deletion (mode and emptied directory included) when a later write fails', async () => {
    await apply([{ path: 'dir/run.sh', before: null, after: bytes('#!/bin/sh\n') }]);
    await chmod(path.join(root, 'dir', 'run.sh'), 0o755);
    await expect(
      apply([
        { path: 'dir/run.sh', before: bytes('#!/bin/sh\n'), after: null },
        { path: 'b.txt/inner.txt', before: null, after: bytes('g') },
      ]),
    ).rejects.toMatchObject({ code: 'workspace' });
    expect(await read('dir/run.sh')).toBe('#!/bin/sh\n');
    expect((await stat(path.join(root, 'dir', 'run.sh'))).mode & 0o777).toBe(0o755);
  });

  it('checks first and writes later, through temp files named by the tag', async () => {
    const planned = await planFileChanges(root, [
      { path: 'a.txt', before: bytes('alpha\r\n'), after: bytes('tagged') },
    ]);
    expect(planned).toEqual([expect.objectContaining({ target: path.join(root, 'a.txt') })]);
    expect(await read('a.txt')).toBe('alpha\r\n');
    // A directory squatting on the temp path makes the write fail, which shows the name it goes through.
    await mkdir(path.join(root, '.a.txt.wright-t1.tmp'));
    await expect(writePlannedChanges(root, planned, { tag: 't1' })).rejects.toThrow(/nothing was kept/);
    expect(await read('a.txt')).toBe('alpha\r\n');
    await writePlannedChanges(root, planned, { tag: 't2' });
    expect(await read('a.txt')).toBe('tagged');
  });

  it('refuses paths outside the root, symlinks leading out (dangling ones too) and special files', async () => {
    const outside = path.join(base, 'outside');
    await mkdir(outside);
    await symlink(outside, path.join(root, 'dir-out'));
    await symlink('../outside/new.txt', path.join(root, 'dangling-out'));
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    for (const target of [
      'dir-out/evil.txt',
      '../outside/evil.txt',
      'dangling-out',
      'pipe',
      '',
      '/tmp/evil',
    ]) {
      await expect(apply([{ path: target, before: null, after: bytes('x') }])).rejects.toMatchObject({
        code: 'workspace',
      });
    }
    await expect(
      apply([
        { path: '../outside/moved.txt', renamedFrom: 'a.txt', before: bytes('alpha\r\n'), after: bytes('x') },
      ]),
    ).rejects.toMatchObject({ code: 'workspace' });
    expect(await readdir(outside)).toEqual([]);
    expect(await read('a.txt')).toBe('alpha\r\n');
  });

  it('accepts names that merely start with .. and follows a dangling symlink that stays inside', async () => {
    await symlink('made/by-link.txt', path.join(root, 'dangling-in'));
    await apply([
      { path: '..notes.txt', before: null, after: bytes('fine\n') },
      { path: 'dangling-in', before: null, after: bytes('through\n') },
    ]);
    expect(await read('..notes.txt')).toBe('fine\n');
    expect(await read('made/by-link.txt')).toBe('through\n');
  });
});
