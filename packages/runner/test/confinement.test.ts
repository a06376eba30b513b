import { access, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type RunnerWorkspace } from '../src/open-workspace.js';
import { makeRepository } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

// The runner re-checks every path it is handed, whatever tool (or plugin) sent it.
const scratch = useScratchDirectory();
let outside: string;
let workspace: RunnerWorkspace;
beforeAll(async () => {
  outside = nodePath.join(scratch.path, 'outside');
  await mkdir(outside);
  await writeFile(nodePath.join(outside, 'secret.txt'), 'secret\n');
  const root = await makeRepository(scratch.path, { 'a.txt': 'a\n' });
  await symlink(outside, nodePath.join(root, 'dir-out'));
  await symlink(nodePath.join(outside, 'secret.txt'), nodePath.join(root, 'link-out'));
  await symlink('../outside/new.txt', nodePath.join(root, 'dangling-out'));
  workspace = await openWorkspace({
    cwd: root,
    mode: 'in-place',
    sessionId: 'confine-1',
    dataDirectory: nodePath.join(scratch.path, 'data'),
  });
});
afterAll(async () => {
  await workspace?.close();
});

const origin = { toolName: 'plugin_tool', callId: 'call-1' };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('applyChanges confinement', () => {
  it.each([
    ['../outside/new.txt', null],
    ['../outside/secret.txt', 'secret\n'],
    [nodePath.join('/', 'tmp', 'wright-escape.txt'), null],
    ['dir-out/new.txt', null],
    ['dir-out/secret.txt', 'secret\n'],
    ['link-out', 'secret\n'],
    ['dangling-out', null],
    ['', null],
  ])('refuses %j and writes nothing', async (path, before) => {
    await expect(
      workspace.applyChanges(
        [{ path, before: before === null ? null : bytes(before), after: bytes('pwned\n') }],
        origin,
      ),
    ).rejects.toMatchObject({ code: 'workspace' });
    expect(await readFile(nodePath.join(outside, 'secret.txt'), 'utf8')).toBe('secret\n');
    expect(await readdir(outside)).toEqual(['secret.txt']);
    await expect(access(nodePath.join('/', 'tmp', 'wright-escape.txt'))).rejects.toThrow();
  });

  it('refuses a rename out of the workspace, and accepts names that merely start with ..', async () => {
    await expect(
      workspace.applyChanges(
        [{ path: '../outside/moved.txt', renamedFrom: 'a.txt', before: bytes('a\n'), after: bytes('a\n') }],
        origin,
      ),
    ).rejects.toMatchObject({ code: 'workspace' });
    expect(await readFile(nodePath.join(workspace.root, 'a.txt'), 'utf8')).toBe('a\n');
    await workspace.applyChanges([{ path: '..notes.txt', before: null, after: bytes('fine\n') }], origin);
    expect(await readFile(nodePath.join(workspace.root, '..notes.txt'), 'utf8')).toBe('fine\n');
  });
});
