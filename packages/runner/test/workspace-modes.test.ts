import { execFile } from 'node:child_process';
import { lstat, readFile, realpath, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../src/open-workspace.js';
import { fileState, makeRepository, repositoryState, runGit, writeFiles } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

const execFileAsync = promisify(execFile);
const encode = (text: string) => new TextEncoder().encode(text);
const origin = { toolName: 'edit_file', callId: 'call_1' };

const scratch = useScratchDirectory();

/** A repository with staged, unstaged and untracked work and a stash entry. */
async function busyRepository(name: string): Promise<string> {
  const root = await makeRepository(
    scratch.path,
    { 'a.txt': 'one\ntwo\nthree\n', 'b.txt': 'bee\n', 'src/c.txt': 'sea\n', '.gitignore': 'ignored/\n' },
    name,
  );
  await writeFiles(root, { 'a.txt': 'one\ntwo\nthree\nstashed\n' });
  await runGit(root, ['stash', 'push', '-q', '-m', 'user stash']);
  await writeFiles(root, { 'a.txt': 'one\ntwo (staged)\nthree\n' });
  await runGit(root, ['add', 'a.txt']);
  await writeFiles(root, {
    'b.txt': 'bee (unstaged)\n',
    'untracked.txt': 'mine\n',
    'ignored/cache.bin': 'x',
  });
  return root;
}

describe('in-place mode', () => {
  it('edits the working tree and leaves index, HEAD, stash and uncommitted work as they were', async () => {
    const root = await busyRepository('in-place');
    const before = await repositoryState(root);
    const files = await fileState(root);
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 'inplace-1',
      dataDirectory: nodePath.join(scratch.path, 'data-in-place'),
    });
    expect(workspace.root).toBe(root);
    expect(workspace.isGitRepository).toBe(true);
    workspace.setStep(1);
    await workspace.applyChanges(
      [
        { path: 'src/c.txt', before: encode('sea\n'), after: encode('sea (agent)\n') },
        { path: 'new/d.txt', before: null, after: encode('dee\n') },
      ],
      origin,
    );
    expect(await readFile(nodePath.join(root, 'src/c.txt'), 'utf8')).toBe('sea (agent)\n');
    const checkpoint = await workspace.checkpoint();
    expect(checkpoint?.files.sort()).toEqual(['new/d.txt', 'src/c.txt']);
    expect(await repositoryState(root)).toEqual(before);

    await workspace.restoreCheckpoint(0);
    expect(await fileState(root)).toEqual(files);
    expect(await repositoryState(root)).toEqual(before);
    await workspace.close();
  });

  it('works in a directory that is not a git repository', async () => {
    const root = nodePath.join(scratch.path, 'plain');
    await writeFiles(root, { 'notes.txt': 'hello\n' });
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 'plain-1',
      dataDirectory: nodePath.join(scratch.path, 'data-plain'),
    });
    expect(workspace.isGitRepository).toBe(false);
    workspace.setStep(1);
    await workspace.applyChanges(
      [{ path: 'notes.txt', before: encode('hello\n'), after: encode('bye\n') }],
      origin,
    );
    await workspace.checkpoint();
    expect(await workspace.diff()).toContain('+bye');
    await workspace.restoreCheckpoint(0);
    expect(await readFile(nodePath.join(root, 'notes.txt'), 'utf8')).toBe('hello\n');
    await expect(
      openWorkspace({
        cwd: root,
        mode: 'worktree',
        sessionId: 'plain-2',
        dataDirectory: nodePath.join(scratch.path, 'd'),
      }),
    ).rejects.toThrow(/needs a git repository/);
  });
});

describe('worktree mode', () => {
  it('starts from the user’s current files, never touches their checkout, and applies back cleanly', async () => {
    const root = await busyRepository('isolated');
    const before = await repositoryState(root);
    const files = await fileState(root);
    const skipData = (state: Record<string, string>) =>
      Object.fromEntries(Object.entries(state).filter(([path]) => !path.startsWith('.wright-data/')));
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'worktree',
      sessionId: 'iso-1',
      dataDirectory: nodePath.join(root, '.wright-data'),
    });
    expect(workspace.branch).toBe('wright/iso-1');
    expect(workspace.root).not.toBe(root);
    // The uncommitted work came along; ignored files did not.
    expect(await fileState(workspace.root)).toEqual(
      Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith('ignored/'))),
    );
    // The data directory sat inside the repository (not ignored); none of it was carried over.
    expect(Object.keys(await fileState(workspace.root)).some((path) => path.startsWith('.wright-data'))).toBe(
      false,
    );
    workspace.setStep(1);
    await workspace.applyChanges(
      [
        { path: 'b.txt', before: encode('bee (unstaged)\n'), after: encode('bee (unstaged)\nagent line\n') },
        { path: 'src/c.txt', before: encode('sea\n'), after: null },
      ],
      origin,
    );
    expect(skipData(await fileState(root))).toEqual(files);
    expect(await repositoryState(root)).toEqual(before);

    const diff = await workspace.diff();
    expect(diff).toContain('+agent line');
    expect(diff).not.toContain('two (staged)');
    const patchPath = nodePath.join(scratch.path, 'iso.patch');
    expect((await workspace.exportPatch(patchPath)).files.sort()).toEqual(['b.txt', 'src/c.txt']);
    expect(await readFile(patchPath, 'utf8')).toBe(diff);

    const checked = await workspace.applyBack({ check: true });
    expect(checked).toEqual({ applied: false, files: ['b.txt', 'src/c.txt'], conflicts: [] });
    expect(skipData(await fileState(root))).toEqual(files);
    const report = await workspace.applyBack();
    expect(report.applied).toBe(true);
    expect(await readFile(nodePath.join(root, 'b.txt'), 'utf8')).toBe('bee (unstaged)\nagent line\n');
    expect(await readFile(nodePath.join(root, 'a.txt'), 'utf8')).toBe('one\ntwo (staged)\nthree\n');
    expect(await repositoryState(root)).toEqual(before);

    await workspace.close({ removeWorktree: true });
    expect(await runGit(root, ['branch', '--list', 'wright/*'])).toBe('');
    expect(await runGit(root, ['worktree', 'list', '--porcelain'])).not.toContain('iso-1');
  });

  it("reads the checkout's installed node_modules through a link beside the worktree, which git never sees", async () => {
    const root = await makeRepository(
      scratch.path,
      { 'index.js': 'console.log(require("dep"));\n', '.gitignore': 'node_modules/\n' },
      'with-dependencies',
    );
    await writeFiles(root, { 'node_modules/dep/index.js': 'module.exports = "dep from the checkout";\n' });
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'worktree',
      sessionId: 'deps-1',
      dataDirectory: nodePath.join(scratch.path, 'data-deps'),
    });
    const link = nodePath.join(nodePath.dirname(workspace.root), 'node_modules');
    expect(await realpath(link)).toBe(await realpath(nodePath.join(root, 'node_modules')));
    const { stdout } = await execFileAsync(process.execPath, ['index.js'], { cwd: workspace.root });
    expect(stdout).toBe('dep from the checkout\n');
    expect(await runGit(workspace.root, ['status', '--porcelain', '--ignored'])).toBe('');
    workspace.setStep(1);
    await workspace.applyChanges(
      [{ path: 'index.js', before: encode('console.log(require("dep"));\n'), after: encode('// edited\n') }],
      origin,
    );
    expect(await workspace.diff()).not.toContain('node_modules');

    await workspace.close({ removeWorktree: true });
    await expect(lstat(link)).rejects.toThrow();
    expect(await readFile(nodePath.join(root, 'node_modules/dep/index.js'), 'utf8')).toContain('dep from');
  });

  it('reports a conflicting hunk and leaves the user’s files alone', async () => {
    const lines = Array.from({ length: 30 }, (_, index) => `line ${index + 1}`).join('\n') + '\n';
    const root = await makeRepository(
      scratch.path,
      { 'long.txt': lines, 'other.txt': 'other\n' },
      'conflict',
    );
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'worktree',
      sessionId: 'iso-2',
      dataDirectory: nodePath.join(scratch.path, 'data-conflict'),
    });
    const changed = lines.replace('line 2\n', 'line 2 (agent)\n').replace('line 25\n', 'line 25 (agent)\n');
    workspace.setStep(1);
    await workspace.applyChanges(
      [
        { path: 'long.txt', before: encode(lines), after: encode(changed) },
        { path: 'other.txt', before: encode('other\n'), after: encode('other (agent)\n') },
      ],
      origin,
    );
    // Meanwhile the user edits the same place as the second hunk.
    await writeFile(nodePath.join(root, 'long.txt'), lines.replace('line 25\n', 'line 25 (user)\n'));
    const files = await fileState(root);
    const before = await repositoryState(root);
    const report = await workspace.applyBack();
    expect(report.applied).toBe(false);
    expect(report.conflicts).toEqual([expect.objectContaining({ file: 'long.txt', hunk: 1, line: 22 })]);
    expect(await fileState(root)).toEqual(files);
    expect(await repositoryState(root)).toEqual(before);
    await workspace.close({ removeWorktree: true });
  });
});
