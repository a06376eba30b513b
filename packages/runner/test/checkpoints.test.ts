import { readFile, stat, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../src/open-workspace.js';
import { fileState, makeExecutable, makeRepository, runGit, writeFiles } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

const scratch = useScratchDirectory();

const binary = (seed: number) => Uint8Array.from({ length: 300 }, (_, index) => (index * seed + 7) % 256);

describe('checkpoints', () => {
  it('restores every step to the exact bytes, modes and file set', async () => {
    // text=auto would normalise CRLF on a normal `git add`; snapshots must not.
    const root = await makeRepository(scratch.path, {
      '.gitattributes': '* text=auto\n',
      '.gitignore': 'build/\n',
      'crlf.txt': 'a\r\nb\r\n',
      'script.sh': '#!/bin/sh\necho hi\n',
      'data.bin': binary(3),
    });
    await makeExecutable(nodePath.join(root, 'script.sh'));
    await writeFiles(root, { 'build/out.txt': 'generated\n' });
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 'cp-1',
      dataDirectory: nodePath.join(scratch.path, 'data'),
    });
    const states = [await fileState(root)];

    // Step 1: tool edits (CRLF kept, binary replaced, new nested file).
    workspace.setStep(1);
    await workspace.applyChanges(
      [
        { path: 'crlf.txt', before: Buffer.from('a\r\nb\r\n'), after: Buffer.from('a\r\nB\r\nc\r\n') },
        { path: 'data.bin', before: binary(3), after: binary(5) },
        { path: 'deep/new/file.txt', before: null, after: Buffer.from('new\n') },
      ],
      { toolName: 'apply_patch', callId: 'c1' },
    );
    expect((await workspace.checkpoint())?.step).toBe(1);
    states.push(await fileState(root));

    // Step 2: changes a command makes behind the tools' back: delete, chmod, symlink, rename.
    workspace.setStep(2);
    await workspace.trackCommand({ toolName: 'shell', callId: 'c2' }, async () => {
      await unlink(nodePath.join(root, 'script.sh'));
      await writeFile(nodePath.join(root, 'renamed.bin'), await readFile(nodePath.join(root, 'data.bin')));
      await unlink(nodePath.join(root, 'data.bin'));
      await symlink('crlf.txt', nodePath.join(root, 'link.txt'));
      await writeFiles(root, { 'build/out.txt': 'regenerated\n' });
    });
    expect((await workspace.checkpoint())?.files.sort()).toEqual([
      'data.bin',
      'link.txt',
      'renamed.bin',
      'script.sh',
    ]);
    states.push(await fileState(root));

    // Step 3 changed nothing: no checkpoint.
    workspace.setStep(3);
    expect(await workspace.checkpoint()).toBeNull();

    const steps = (await workspace.listCheckpoints()).map((checkpoint) => checkpoint.step);
    expect(steps).toEqual([0, 1, 2]);
    for (const step of [0, 2, 1, 0, 2]) {
      await workspace.restoreCheckpoint(step);
      const expected = { ...states[step]!, 'build/out.txt': (await fileState(root))['build/out.txt']! };
      expect(await fileState(root)).toEqual(expected);
    }
    // Ignored files are neither snapshotted nor restored.
    expect(await readFile(nodePath.join(root, 'build/out.txt'), 'utf8')).toBe('regenerated\n');
    // The user's repository never saw any of it.
    expect(await runGit(root, ['status', '--porcelain'])).toContain('link.txt');
    expect(await runGit(root, ['log', '--oneline'])).toMatch(/^[0-9a-f]+ initial$/);
  });

  it('diffs any two checkpoints and leaves out large and configured files', async () => {
    const root = await makeRepository(scratch.path, { 'a.txt': 'alpha\n' }, 'large');
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 'cp-2',
      dataDirectory: nodePath.join(scratch.path, 'data'),
      snapshots: { maxFileBytes: 1000, exclude: ['*.log'] },
    });
    const shell = (files: Record<string, string>) =>
      workspace.trackCommand({ toolName: 'shell', callId: 'c' }, () => writeFiles(root, files));
    workspace.setStep(1);
    await shell({ 'a.txt': 'alpha\nbeta\n', 'big.dat': 'x'.repeat(2000), 'run.log': 'log\n' });
    const first = await workspace.checkpoint();
    expect(first?.files).toEqual(['a.txt']);
    workspace.setStep(2);
    await shell({ 'a.txt': 'alpha\nbeta\ngamma\n' });
    await workspace.checkpoint();

    const diff = await workspace.diffCheckpoints(0, 2);
    expect(diff.files).toEqual([{ path: 'a.txt', status: 'modified' }]);
    expect(diff.text).toContain('+beta');
    expect(diff.text).toContain('+gamma');
    expect((await workspace.diffCheckpoints(1, 2)).text).not.toContain('+beta');

    // Restoring does not delete files the snapshots never held.
    await workspace.restoreCheckpoint(0);
    expect(await readFile(nodePath.join(root, 'a.txt'), 'utf8')).toBe('alpha\n');
    expect((await readFile(nodePath.join(root, 'big.dat'), 'utf8')).length).toBe(2000);
    expect(await readFile(nodePath.join(root, 'run.log'), 'utf8')).toBe('log\n');
  });

  it('finds what a command changed in one stat-cached pass, and nothing it did not change', async () => {
    const root = await makeRepository(scratch.path, { 'same.txt': 'aaaa\n', 'kept.txt': 'kept\n' }, 'scan');
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 'cp-3',
      dataDirectory: nodePath.join(scratch.path, 'data'),
    });
    const shell = (callId: string, work: () => Promise<void>) =>
      workspace.trackCommand({ toolName: 'shell', callId }, work);
    workspace.setStep(1);
    // Same size, and the modification time put back: the stat cache still sees it (ctime, inode), and the hash
    // decides.
    await shell('c1', async () => {
      const path = nodePath.join(root, 'same.txt');
      const before = await stat(path);
      await writeFile(path, 'bbbb\n');
      await utimes(path, before.atime, before.mtime);
      // Rewritten with the same bytes: not a change.
      await writeFile(nodePath.join(root, 'kept.txt'), 'kept\n');
    });
    expect((await workspace.checkpoint())?.files).toEqual(['same.txt']);
    // The user edits and creates files between commands: not the next command's.
    await writeFiles(root, { 'kept.txt': 'the user edited this\n', 'user.txt': 'mine\n' });
    workspace.setStep(2);
    await shell('c2', () => writeFiles(root, { 'made.txt': 'by the command\n' }));
    await shell('c3', async () => undefined);
    expect((await workspace.checkpoint())?.files).toEqual(['made.txt']);
    await workspace.restoreCheckpoint(0);
    expect(await readFile(nodePath.join(root, 'same.txt'), 'utf8')).toBe('aaaa\n');
    expect(await readFile(nodePath.join(root, 'kept.txt'), 'utf8')).toBe('the user edited this\n');
    expect(await readFile(nodePath.join(root, 'user.txt'), 'utf8')).toBe('mine\n');
    expect(await readFile(nodePath.join(root, 'made.txt')).catch(() => null)).toBeNull();
  });
});
