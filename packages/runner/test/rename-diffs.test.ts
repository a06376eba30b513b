import { mkdir, readFile, rename } from 'node:fs/promises';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchFiles } from '../src/apply-patch-back.js';
import { openWorkspace, type RunnerWorkspace } from '../src/open-workspace.js';
import { fileState, makeExecutable, makeRepository, runGit, writeFiles } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

const scratch = useScratchDirectory();

const lines = Array.from({ length: 40 }, (_, index) => `export const value${index} = ${index};`).join('\n');
const binary = Uint8Array.from({ length: 3000 }, (_, index) => (index * 7) % 256);
const start = {
  'src/old.ts': `${lines}\n`,
  'img.bin': binary,
  'keep.txt': 'keep\n',
  'exec.sh': '#!/bin/sh\necho hi\n',
};

/** A session that renames a file with its tool (and edits it), and renames two more with a command. */
async function renamingSession(root: string, mode: 'in-place' | 'worktree', sessionId: string) {
  const workspace = await openWorkspace({
    cwd: root,
    mode,
    sessionId,
    dataDirectory: nodePath.join(scratch.path, 'data'),
  });
  workspace.setStep(1);
  const before = await readFile(nodePath.join(workspace.root, 'src/old.ts'));
  await workspace.applyChanges(
    [
      {
        path: 'src/new.ts',
        renamedFrom: 'src/old.ts',
        before,
        after: Buffer.from(`${lines.replace('value3 = 3', 'value3 = 33')}\n`),
      },
    ],
    { toolName: 'apply_patch', callId: 'patch' },
  );
  await workspace.checkpoint();
  workspace.setStep(2);
  await workspace.trackCommand({ toolName: 'shell', callId: 'mv' }, async () => {
    await mkdir(nodePath.join(workspace.root, 'assets'), { recursive: true });
    await rename(nodePath.join(workspace.root, 'img.bin'), nodePath.join(workspace.root, 'assets/img.bin'));
    await mkdir(nodePath.join(workspace.root, 'bin'));
    await rename(nodePath.join(workspace.root, 'exec.sh'), nodePath.join(workspace.root, 'bin/run.sh'));
  });
  await workspace.checkpoint();
  return workspace;
}

/** A fresh clone of the repository's first commit: the session's start state. */
async function startCopy(root: string, name: string) {
  const copy = nodePath.join(scratch.path, name);
  await runGit(scratch.path, ['clone', '-q', root, copy]);
  return copy;
}

describe('renames in diffs', () => {
  it('shows renames as renames, and the exported patch applies back to the exact files', async () => {
    const root = await makeRepository(scratch.path, start, 'renames');
    await makeExecutable(nodePath.join(root, 'exec.sh'));
    await runGit(root, ['commit', '-q', '-a', '-m', 'executable']);
    const original = await fileState(root);
    const workspace = await renamingSession(root, 'in-place', 'rename-1');
    const after = await fileState(root);

    const diff = await workspace.diff();
    expect(diff).toContain('rename from src/old.ts\nrename to src/new.ts');
    expect(diff).toContain('rename from img.bin\nrename to assets/img.bin');
    expect(diff).toContain('rename from exec.sh\nrename to bin/run.sh');
    expect(diff).toContain('+export const value3 = 33;');
    expect(diff).not.toContain('-export const value0 = 0;');
    expect(patchFiles(diff).sort()).toEqual(
      ['assets/img.bin', 'bin/run.sh', 'exec.sh', 'img.bin', 'src/new.ts', 'src/old.ts'].sort(),
    );
    const stepDiff = (await workspace.diffCheckpoints(1, 2)).text;
    expect(stepDiff).toContain('rename from img.bin');
    expect(stepDiff).not.toContain('src/new.ts');
    // `files` still names every path on its own.
    expect((await workspace.diffCheckpoints(0, 1)).files).toEqual([
      { path: 'src/new.ts', status: 'added' },
      { path: 'src/old.ts', status: 'deleted' },
    ]);

    // The exported patch, applied with git to the start state, gives the session's files byte for byte (and mode).
    const patchPath = nodePath.join(scratch.path, 'renames.patch');
    await workspace.exportPatch(patchPath);
    const copy = await startCopy(root, 'renames-copy');
    await runGit(copy, ['apply', '--binary', patchPath]);
    expect(await fileState(copy)).toEqual(after);
    // And in reverse, back to the start.
    await runGit(copy, ['apply', '--binary', '-R', patchPath]);
    expect(await fileState(copy)).toEqual(original);

    // Undo and redo stay exact.
    await workspace.restoreCheckpoint(0);
    expect(await fileState(root)).toEqual(original);
    await workspace.restoreCheckpoint(2);
    expect(await fileState(root)).toEqual(after);
    await workspace.restoreCheckpoint(1);
    expect(await readFile(nodePath.join(root, 'img.bin'))).toEqual(Buffer.from(binary));
    expect(await readFile(nodePath.join(root, 'src/old.ts')).catch(() => null)).toBeNull();
  });

  it('applies a worktree session’s renames back to the user’s checkout', async () => {
    const root = await makeRepository(scratch.path, start, 'renames-back');
    await writeFiles(root, { 'keep.txt': 'keep, edited by the user\n' });
    const workspace: RunnerWorkspace = await renamingSession(root, 'worktree', 'rename-2');
    const expected = await fileState(workspace.root);
    const report = await workspace.applyBack();
    expect(report.conflicts).toEqual([]);
    expect(report.applied).toBe(true);
    expect(report.files).toContain('src/old.ts');
    expect(report.files).toContain('src/new.ts');
    expect(await fileState(root)).toEqual(expected);
    await workspace.close({ removeWorktree: true });
  });
});
