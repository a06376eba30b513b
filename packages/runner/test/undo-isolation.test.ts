import { mkdir, readFile, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { isWrightError } from '@wright/core';
import { describe, expect, it } from 'vitest';
import { withFileLock } from '../src/file-lock.js';
import { openWorkspace, type RunnerWorkspace } from '../src/open-workspace.js';
import { fileState, makeRepository, writeFiles } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

const scratch = useScratchDirectory();

const write = (workspace: RunnerWorkspace, path: string, content: string, callId = 'call') =>
  readFile(nodePath.join(workspace.root, path))
    .catch(() => null)
    .then((before) =>
      workspace.applyChanges([{ path, before, after: Buffer.from(content) }], {
        toolName: 'write_file',
        callId,
      }),
    );

const open = (root: string, sessionId: string) =>
  openWorkspace({
    cwd: root,
    mode: 'in-place',
    sessionId,
    dataDirectory: nodePath.join(scratch.path, 'data'),
  });

const read = (root: string, path: string) => readFile(nodePath.join(root, path), 'utf8');

async function refusal(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isWrightError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.data.details?.changedSince as string[];
}

describe('undo changes only what the session changed', () => {
  it('keeps the user’s edits and new files, and refuses when an own file was changed by someone else', async () => {
    const root = await makeRepository(
      scratch.path,
      { 'a.txt': 'a0\n', 'b.txt': 'b0\n', 'c.txt': 'c0\n' },
      'one',
    );
    const workspace = await open(root, 'undo-1');
    workspace.setStep(1);
    await write(workspace, 'a.txt', 'a1\n');
    await write(workspace, 'c.txt', 'c1\n');
    await workspace.checkpoint();
    // The user works next to the session: edits a file the session never touched, creates one.
    await writeFiles(root, { 'b.txt': 'b-user\n', 'mine.txt': 'user file\n' });

    await workspace.restoreCheckpoint(0);
    expect(await read(root, 'a.txt')).toBe('a0\n');
    expect(await read(root, 'c.txt')).toBe('c0\n');
    expect(await read(root, 'b.txt')).toBe('b-user\n');
    expect(await read(root, 'mine.txt')).toBe('user file\n');

    // Back to step 1, then the user edits a file the session wrote: undo stops before touching anything.
    await workspace.restoreCheckpoint(1);
    await writeFiles(root, { 'a.txt': 'a-user\n' });
    const before = await fileState(root);
    expect(await refusal(workspace.restoreCheckpoint(0))).toEqual(['a.txt']);
    expect(await fileState(root)).toEqual(before);

    // Forced: the current files are saved first, so the forced undo can itself be undone.
    const forced = await workspace.restoreCheckpoint(0, { force: true });
    expect(forced.saved?.step).toBe(2);
    expect(forced.saved?.saved).toBe(true);
    expect(await read(root, 'a.txt')).toBe('a0\n');
    expect(await read(root, 'c.txt')).toBe('c0\n');
    await workspace.restoreCheckpoint(forced.saved!.step);
    expect(await read(root, 'a.txt')).toBe('a-user\n');
    expect(await read(root, 'c.txt')).toBe('c1\n');
    expect(await read(root, 'mine.txt')).toBe('user file\n');
  });

  it('keeps an edit the user made before the session changed the same file', async () => {
    const root = await makeRepository(scratch.path, { 'readme.txt': 'v0\n' }, 'before');
    const workspace = await open(root, 'undo-before');
    workspace.setStep(1);
    await write(workspace, 'other.txt', 'session\n');
    await workspace.checkpoint();
    await writeFiles(root, { 'readme.txt': 'v0\nthe user wrote this\n' });
    workspace.setStep(2);
    await write(workspace, 'readme.txt', 'v0\nthe user wrote this\nthe session added this\n');
    await workspace.checkpoint();
    await workspace.restoreCheckpoint(0);
    expect(await read(root, 'readme.txt')).toBe('v0\nthe user wrote this\n');
    expect(await readFile(nodePath.join(root, 'other.txt')).catch(() => null)).toBeNull();
  });

  it('keeps two sessions in one directory apart: each diff and undo covers its own changes only', async () => {
    const root = await makeRepository(scratch.path, { 'shared.txt': 's0\n' }, 'two');
    const first = await open(root, 'undo-a');
    const second = await open(root, 'undo-b');
    first.setStep(1);
    second.setStep(1);
    await write(first, 'a.txt', 'from a\n');
    await write(second, 'b.txt', 'from b\n');
    // A command of the second session (tracked) changes a file; the first session's checkpoint must not take it.
    await second.trackCommand({ toolName: 'shell', callId: 'sh' }, () =>
      writeFiles(root, { 'shared.txt': 's-b\n', 'generated/out.txt': 'made by b\n' }),
    );
    await Promise.all([first.checkpoint(), second.checkpoint()]);

    const firstFiles = (await first.diffCheckpoints(0, 'current')).files.map((file) => file.path);
    const secondFiles = (await second.diffCheckpoints(0, 'current')).files.map((file) => file.path);
    expect(firstFiles).toEqual(['a.txt']);
    expect(secondFiles.sort()).toEqual(['b.txt', 'generated/out.txt', 'shared.txt']);
    expect(await first.diff()).not.toContain('from b');

    await first.restoreCheckpoint(0);
    expect(await readFile(nodePath.join(root, 'a.txt')).catch(() => null)).toBeNull();
    expect(await read(root, 'b.txt')).toBe('from b\n');
    expect(await read(root, 'shared.txt')).toBe('s-b\n');

    await second.restoreCheckpoint(0);
    expect(await fileState(root)).toEqual({ 'shared.txt': (await fileState(root))['shared.txt']! });
    expect(await read(root, 'shared.txt')).toBe('s0\n');
  });

  it('never counts another session’s writes or commands as a running command’s', async () => {
    const root = await makeRepository(scratch.path, { 'shared.txt': 's0\n' }, 'overlap');
    const first = await open(root, 'overlap-a');
    const second = await open(root, 'overlap-b');
    first.setStep(1);
    second.setStep(1);
    let finishCommand!: () => void;
    const commandMayEnd = new Promise<void>((resolve) => {
      finishCommand = resolve;
    });
    let commandStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      commandStarted = resolve;
    });
    // The second session's command runs; meanwhile the first session writes a file and runs a command of its own.
    const command = second.trackCommand({ toolName: 'shell', callId: 'b-sh' }, async () => {
      commandStarted();
      await writeFiles(root, { 'b-shell.txt': 'shell b\n' });
      await commandMayEnd;
    });
    await started;
    const events: string[] = [];
    const firstWrite = write(first, 'a.txt', 'from a\n').then(() => events.push('a wrote'));
    const firstCommand = firstWrite.then(() =>
      first.trackCommand({ toolName: 'shell', callId: 'a-sh' }, () =>
        writeFiles(root, { 'a-shell.txt': 'shell a\n' }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    events.push('b ends');
    finishCommand();
    await Promise.all([command, firstCommand]);
    // The first session's write waited for the second session's command to end.
    expect(events).toEqual(['b ends', 'a wrote']);
    await Promise.all([first.checkpoint(), second.checkpoint()]);
    const firstFiles = (await first.diffCheckpoints(0, 'current')).files.map((file) => file.path);
    const secondFiles = (await second.diffCheckpoints(0, 'current')).files.map((file) => file.path);
    expect(firstFiles.sort()).toEqual(['a-shell.txt', 'a.txt']);
    expect(secondFiles).toEqual(['b-shell.txt']);
    // A session's own write during its own command does not wait for itself.
    await second.trackCommand({ toolName: 'shell', callId: 'b-sh2' }, () => write(second, 'b.txt', 'b\n'));
    expect(await read(root, 'b.txt')).toBe('b\n');
  });

  it('creates the snapshot repository under a lock and takes over a stale lock', async () => {
    const directory = nodePath.join(scratch.path, 'locks');
    await mkdir(directory, { recursive: true });
    const lockPath = nodePath.join(directory, 'x.lock');
    const order: string[] = [];
    const hold = (name: string) =>
      withFileLock(lockPath, async () => {
        order.push(`${name}:in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push(`${name}:out`);
      });
    await Promise.all([hold('one'), hold('two')]);
    expect(order.join(' ')).toMatch(/^(\w+):in \1:out (\w+):in \2:out$/);
    // A lock left by a process that is gone does not block.
    await writeFile(lockPath, '2147483646 0 dead\n');
    expect(await withFileLock(lockPath, async () => 'taken', { timeoutMs: 2000 })).toBe('taken');
  });
});
