import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFolders } from '../src/server-folders.js';

let base: string;
let loose: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(nodePath.join(tmpdir(), 'wright-server-folders-')));
  for (const folder of ['bin', 'lib', 'links', 'project/tools'])
    await mkdir(nodePath.join(base, folder), { recursive: true });
  await writeFile(nodePath.join(base, 'bin', 'my-ls'), '#!/bin/sh\n', { mode: 0o755 });
  await writeFile(nodePath.join(base, 'lib', 'server.js'), '');
  await writeFile(nodePath.join(base, 'project/tools', 'ls.js'), '');
  await symlink(nodePath.join(base, 'lib', 'server.js'), nodePath.join(base, 'links', 'server.js'));
  // A file right in /tmp, as `--log /tmp/x` or a script dropped there would be.
  loose = `/tmp/wright-server-folders-${process.pid}.js`;
  await writeFile(loose, '');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
  await rm(loose, { force: true });
});

describe('serverFolders', () => {
  it("lists the folder of a command found on the server's PATH, and of each existing absolute argument", async () => {
    const folders = await serverFolders(
      { command: 'my-ls', args: ['--stdio', nodePath.join(base, 'lib', 'server.js'), '/no/such/file.js'] },
      '/',
      `/no/such/folder:${nodePath.join(base, 'bin')}`,
    );
    expect(folders).toEqual([nodePath.join(base, 'bin'), nodePath.join(base, 'lib')]);
  });

  it('resolves a relative command against the root and lists a folder argument itself', async () => {
    const folders = await serverFolders(
      { command: './tools/ls.js', args: [nodePath.join(base, 'lib')] },
      nodePath.join(base, 'project'),
      '',
    );
    expect(folders).toEqual([nodePath.join(base, 'project/tools'), nodePath.join(base, 'lib')]);
  });

  it("lists a symlink's folder and its target's", async () => {
    const folders = await serverFolders(
      { command: process.execPath, args: [nodePath.join(base, 'links', 'server.js')] },
      '/',
      '',
    );
    expect(folders).toContain(nodePath.join(base, 'links'));
    expect(folders).toContain(nodePath.join(base, 'lib'));
  });

  it('never lists /tmp itself: a file right in /tmp is listed alone', async () => {
    expect(await serverFolders({ command: loose, args: ['/tmp', loose, '/tmp/'] }, '/', '')).toEqual([loose]);
  });

  it('lists nothing for a command that is not found and arguments that are not absolute paths', async () => {
    expect(
      await serverFolders({ command: 'no-such-server', args: ['--stdio', 'relative.js'] }, '/', ''),
    ).toEqual([]);
  });
});
