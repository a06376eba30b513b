import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { openWorkspace, type RunnerWorkspace } from '../src/open-workspace.js';
import { fileState, makeRepository, runGit, writeFiles } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

const scratch = useScratchDirectory();

const open = (root: string, sessionId: string) =>
  openWorkspace({
    cwd: root,
    mode: 'in-place',
    sessionId,
    dataDirectory: nodePath.join(scratch.path, 'data'),
  });

const edit = async (workspace: RunnerWorkspace, path: string, content: string) => {
  const before = await readFile(nodePath.join(workspace.root, path)).catch(() => null);
  await workspace.applyChanges([{ path, before, after: Buffer.from(content) }], {
    toolName: 'write_file',
    callId: `call-${path}`,
  });
};

/** Object types stored in the shadow repository itself (borrowed objects not counted). */
async function localObjects(workspace: RunnerWorkspace): Promise<Record<string, number>> {
  const gitDirectory = nodePath.join(workspace.store.projectDirectory, 'snapshots.git');
  const output = await execa('git', ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype)'], {
    env: { GIT_DIR: gitDirectory },
  });
  const counts: Record<string, number> = {};
  for (const type of output.stdout.split('\n').filter(Boolean)) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

async function userObjectFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (directory: string) => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const path = nodePath.join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else found.push(path);
    }
  };
  await walk(nodePath.join(root, '.git', 'objects'));
  return found.sort();
}

describe('the shadow store borrows the user’s objects', () => {
  it('stores no blob of a clean repository and never writes into the user’s .git', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 200; index += 1)
      files[`src/dir${index % 10}/file${index}.txt`] = `${index}\n`;
    const root = await makeRepository(scratch.path, files, 'clean');
    const before = await userObjectFiles(root);
    const workspace = await open(root, 'borrow-1');
    workspace.setStep(1);
    await edit(workspace, 'src/dir1/file1.txt', 'changed\n');
    await workspace.checkpoint();
    // Only the edited content, its start version (copied so a gc cannot take it) and trees are local.
    const objects = await localObjects(workspace);
    expect(objects.blob).toBe(2);
    expect(objects.tree).toBeGreaterThan(10);
    expect(await userObjectFiles(root)).toEqual(before);
  });

  it('restores exactly after a history rewrite and `git gc --prune=now`, and after the packs are deleted', async () => {
    const root = await makeRepository(
      scratch.path,
      { 'a.txt': 'a committed\n', 'b.txt': 'b committed\n', 'keep.txt': 'keep\n' },
      'rewrite',
    );
    // Uncommitted, staged work is part of the start state too.
    await writeFiles(root, { 'staged.txt': 'staged only\n' });
    await runGit(root, ['add', 'staged.txt']);
    const workspace = await open(root, 'borrow-2');
    const start = await fileState(root);
    workspace.setStep(1);
    await edit(workspace, 'a.txt', 'a by wright\n');
    await workspace.trackCommand({ toolName: 'shell', callId: 'sh' }, () =>
      writeFiles(root, { 'b.txt': 'b by a command\n', 'staged.txt': 'changed too\n' }),
    );
    await workspace.checkpoint();
    const afterStep = await fileState(root);

    // The user rewrites history so the original blobs are unreachable, then prunes them.
    await runGit(root, ['rm', '-q', '-f', '--cached', 'staged.txt']);
    await writeFile(nodePath.join(root, 'a.txt'), 'rewritten\n');
    await writeFile(nodePath.join(root, 'b.txt'), 'rewritten\n');
    await runGit(root, ['commit', '-q', '-a', '--amend', '-m', 'rewritten']);
    await runGit(root, ['reflog', 'expire', '--expire=now', '--all']);
    await runGit(root, ['gc', '-q', '--prune=now']);
    const reachable = await runGit(root, ['rev-list', '--objects', '--all']);
    expect(reachable).not.toContain((await runGit(root, ['hash-object', '--stdin'], 'a committed\n')).trim());

    // The files go back to what the session left (a checkpoint), then to the start, byte for byte.
    await writeFiles(root, { 'a.txt': 'a by wright\n', 'b.txt': 'b by a command\n' });
    await workspace.restoreCheckpoint(0);
    expect(await fileState(root)).toEqual(start);
    await rm(nodePath.join(root, '.git', 'objects', 'pack'), { recursive: true, force: true });
    await workspace.restoreCheckpoint(1);
    expect(await fileState(root)).toEqual(afterStep);
    expect((await workspace.diffCheckpoints(0, 1)).text).toContain('+a by wright');
  });

  it('hashes anew the files under a nested .gitattributes that normalises line ends (exact CRLF restore)', async () => {
    const root = await makeRepository(
      scratch.path,
      { 'pkg/.gitattributes': '* text=auto eol=lf\n', 'pkg/crlf.txt': 'a\r\nb\r\n', 'top.txt': 'top\n' },
      'nested-attributes',
    );
    // git stored pkg/crlf.txt with LF endings; the checked-out file still has CRLF and a matching stat cache.
    expect(await runGit(root, ['show', 'HEAD:pkg/crlf.txt'])).toBe('a\nb');
    const workspace = await open(root, 'attributes-1');
    const start = await fileState(root);
    workspace.setStep(1);
    await edit(workspace, 'pkg/crlf.txt', 'changed\r\n');
    await edit(workspace, 'top.txt', 'changed\n');
    await workspace.checkpoint();
    await workspace.restoreCheckpoint(0);
    expect(await fileState(root)).toEqual(start);
  });

  it('works the same in a directory that is not a git repository', async () => {
    const root = nodePath.join(scratch.path, 'plain');
    await writeFiles(root, { 'a.txt': 'one\n', 'sub/b.bin': Buffer.from([0, 1, 2, 255]) });
    const workspace = await open(root, 'plain-1');
    const start = await fileState(root);
    workspace.setStep(1);
    await edit(workspace, 'a.txt', 'two\n');
    await workspace.trackCommand({ toolName: 'shell', callId: 'sh' }, () =>
      rm(nodePath.join(root, 'sub', 'b.bin')),
    );
    await workspace.checkpoint();
    await workspace.restoreCheckpoint(0);
    expect(await fileState(root)).toEqual(start);
  });
});
