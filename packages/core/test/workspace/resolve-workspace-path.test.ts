import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveWorkspacePath } from '@wright/core/internal';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let base: string;
let root: string;
let outside: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'wright-resolve-')));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'src', 'deep'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, 'src', 'a.ts'), 'a');
  await writeFile(path.join(outside, 'secret.txt'), 'secret');
  await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link-out'));
  await symlink(outside, path.join(root, 'dir-out'));
  await symlink('../outside/missing.txt', path.join(root, 'dangling-out'));
  await symlink('src/a.ts', path.join(root, 'link-in'));
  await symlink('src/new.ts', path.join(root, 'dangling-in'));
  await symlink('/etc', path.join(root, 'etc'));
  await symlink('/dev/null', path.join(root, 'null'));
  await symlink('/proc/self/environ', path.join(root, 'environ'));
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
});
afterAll(() => rm(base, { recursive: true, force: true }));

const hostile = [
  ['..', /climbs out/],
  ['../outside/secret.txt', /climbs out/],
  ['src/../../outside/secret.txt', /climbs out/],
  ['src/deep/../../../outside', /climbs out/],
  ['./../root/../outside/secret.txt', /climbs out/],
  ['/etc/passwd', /absolute path outside/],
  ['/', /absolute path outside/],
  ['/proc/self/environ', /system path/],
  ['/dev/zero', /system path/],
  ['/sys/kernel', /system path/],
  ['link-out', /symlink pointing outside/],
  ['dir-out/secret.txt', /symlink pointing outside/],
  ['dir-out/new-file.txt', /symlink pointing outside/],
  ['dir-out', /symlink pointing outside/],
  ['dangling-out', /symlink pointing outside/],
  ['etc/passwd', /symlink pointing outside/],
  ['null', /symlink pointing outside/],
  ['environ', /symlink pointing outside/],
  ['pipe', /named pipe/],
  ['', /empty/],
  ['src/a.ts\0.png', /NUL/],
] as const;

describe('resolveWorkspacePath', () => {
  it.each(hostile)('refuses %j', async (hostilePath, message) => {
    await expect(resolveWorkspacePath(root, hostilePath, { allowMissing: true })).rejects.toMatchObject({
      code: 'workspace',
      message: expect.stringMatching(message),
    });
  });

  it('resolves paths inside the root', async () => {
    expect(await resolveWorkspacePath(root, 'src/a.ts')).toEqual({
      absolute: path.join(root, 'src/a.ts'),
      relative: 'src/a.ts',
    });
    expect((await resolveWorkspacePath(root, 'src/deep/../a.ts')).relative).toBe('src/a.ts');
    expect((await resolveWorkspacePath(root, path.join(root, 'src/a.ts'))).relative).toBe('src/a.ts');
    expect((await resolveWorkspacePath(root, '.')).relative).toBe('.');
    expect((await resolveWorkspacePath(root, 'link-in')).relative).toBe('src/a.ts');
    expect((await resolveWorkspacePath(root, '..a', { allowMissing: true })).relative).toBe('..a');
  });

  it('allows missing paths only when asked, following in-root dangling links', async () => {
    await expect(resolveWorkspacePath(root, 'src/nope.ts')).rejects.toThrow(/does not exist/);
    expect(await resolveWorkspacePath(root, 'src/new/dir/file.ts', { allowMissing: true })).toEqual({
      absolute: path.join(root, 'src/new/dir/file.ts'),
      relative: 'src/new/dir/file.ts',
    });
    expect((await resolveWorkspacePath(root, 'dangling-in', { allowMissing: true })).relative).toBe(
      'src/new.ts',
    );
  });

  it('accepts an absolute path through a symlinked root', async () => {
    const alias = path.join(base, 'alias');
    await symlink(root, alias);
    const resolved = await resolveWorkspacePath(alias, path.join(alias, 'src/a.ts'));
    expect(resolved).toEqual({ absolute: path.join(root, 'src/a.ts'), relative: 'src/a.ts' });
  });

  it('never resolves a random path outside the root', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        'src',
        'deep',
        'link-out',
        'dir-out',
        'etc',
        'link-in',
        '/',
        '',
        '~',
        'proc',
      ),
      fc.string({ maxLength: 6 }),
    );
    const randomPath = fc.oneof(
      fc.array(segment, { maxLength: 6 }).map((parts) => parts.join('/')),
      fc.string({ maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(randomPath, async (candidate) => {
        try {
          const { absolute, relative } = await resolveWorkspacePath(root, candidate, { allowMissing: true });
          const back = path.relative(root, absolute);
          expect(
            back === '' || (!back.startsWith(`..${path.sep}`) && back !== '..' && !path.isAbsolute(back)),
          ).toBe(true);
          expect(relative.split('/')).not.toContain('..');
        } catch (error) {
          expect(error).toMatchObject({ code: 'workspace' });
        }
      }),
      { numRuns: 400 },
    );
  });
});
