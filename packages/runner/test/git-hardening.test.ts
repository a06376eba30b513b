import { access, chmod, readFile, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../src/open-workspace.js';
import { gitTestEnvironment, makeRepository, runGit, writeFiles } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

// Wright's own git calls must never run a program named by any config: not the repository's (which a hostile
// repository ships, or a command of the model's rewrote), not the user's global one, not the environment's.

const encode = (text: string) => new TextEncoder().encode(text);
const origin = { toolName: 'write_file', callId: 'call_1' };
const hookNames = [
  'pre-commit',
  'post-commit',
  'post-checkout',
  'post-index-change',
  'reference-transaction',
  'pre-auto-gc',
  'post-rewrite',
  'pre-push',
];

const scratch = useScratchDirectory();
let marker: string;
let savedEnvironment: Record<string, string | undefined>;

/** A script that appends `name` to the marker file whenever anything runs it (a filter passes content through). */
async function trap(name: string, filter = false): Promise<string> {
  const path = nodePath.join(scratch.path, `${name}.sh`);
  await writeFile(
    path,
    `#!/bin/sh\necho ${name} $(tr '\\0' ' ' < /proc/$PPID/cmdline) >> '${marker}'\n${filter ? 'cat\n' : ''}`,
  );
  await chmod(path, 0o755);
  return path;
}

/** A repository whose config, hooks and attributes try every way of making git run a program. */
async function trappedRepository(name: string): Promise<string> {
  const root = await makeRepository(scratch.path, { 'a.txt': 'alpha\n', 'src/b.txt': 'bee\n' }, name);
  await writeFiles(root, { '.gitattributes': '* filter=evil diff=evil\n' });
  await runGit(root, ['add', '.gitattributes']);
  await runGit(root, ['commit', '-q', '-m', 'attributes']);
  const config = async (key: string, value: string) => runGit(root, ['config', key, value]);
  await config('core.fsmonitor', await trap('fsmonitor'));
  await config('filter.evil.clean', await trap('clean-filter', true));
  await config('filter.evil.smudge', await trap('smudge-filter', true));
  await config('filter.evil.required', 'true');
  await config('diff.evil.textconv', await trap('textconv', true));
  await config('diff.evil.command', await trap('diff-command'));
  await config('core.pager', await trap('pager'));
  for (const hook of hookNames) {
    await writeFile(
      nodePath.join(root, '.git', 'hooks', hook),
      `#!/bin/sh\necho hook-${hook} >> '${marker}'\n`,
    );
    await chmod(nodePath.join(root, '.git', 'hooks', hook), 0o755);
  }
  await armEnvironment();
  return root;
}

/** The user's global config and environment try too (armed once the test's own repositories exist). */
async function armEnvironment(): Promise<void> {
  const global = nodePath.join(scratch.path, `global-${Date.now()}.gitconfig`);
  await writeFile(global, `[core]\n\tfsmonitor = ${await trap('global-fsmonitor')}\n`);
  process.env.GIT_CONFIG_GLOBAL = global;
  process.env.GIT_EXTERNAL_DIFF = await trap('external-diff');
}

async function markerText(): Promise<string> {
  return readFile(marker, 'utf8').catch(() => '');
}

beforeEach(async () => {
  marker = nodePath.join(scratch.path, `marker-${Date.now()}-${Math.random()}.log`);
  savedEnvironment = { GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL, GIT_EXTERNAL_DIFF: undefined };
});
afterEach(() => {
  for (const [key, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("Wright's git calls run nothing from any config", () => {
  it('the traps are real: plain git runs them', async () => {
    const root = await trappedRepository('control');
    await writeFiles(root, { 'a.txt': 'changed\n' });
    await execa('git', ['add', '-A'], { cwd: root, env: gitTestEnvironment });
    await execa('git', ['commit', '-q', '-m', 'x'], { cwd: root, env: gitTestEnvironment });
    await execa('git', ['diff', 'HEAD~1'], { cwd: root, env: gitTestEnvironment });
    const ran = await markerText();
    for (const name of ['fsmonitor', 'clean-filter', 'hook-pre-commit', 'hook-post-commit', 'diff-command']) {
      expect(ran).toContain(name);
    }
  });

  it('in place: open, write, checkpoint, diff, restore', async () => {
    const root = await trappedRepository('in-place');
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 'hardened-in-place',
      dataDirectory: nodePath.join(scratch.path, 'data-in-place'),
    });
    workspace.setStep(1);
    await workspace.applyChanges(
      [{ path: 'a.txt', before: encode('alpha\n'), after: encode('ALPHA\n') }],
      origin,
    );
    await workspace.checkpoint();
    expect(await workspace.diff()).toContain('+ALPHA');
    expect((await workspace.diffCheckpoints(0, 'current')).files).toEqual([
      { path: 'a.txt', status: 'modified' },
    ]);
    await workspace.restoreCheckpoint(0);
    expect(await readFile(nodePath.join(root, 'a.txt'), 'utf8')).toBe('alpha\n');
    await workspace.close();
    expect(await markerText()).toBe('');
  });

  it('worktree: create, write, diff, apply back, remove', async () => {
    const root = await trappedRepository('worktree');
    await writeFiles(root, { 'src/b.txt': 'bee (uncommitted)\n' });
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'worktree',
      sessionId: 'hardened-worktree',
      dataDirectory: nodePath.join(scratch.path, 'data-worktree'),
    });
    workspace.setStep(1);
    await workspace.applyChanges(
      [{ path: 'a.txt', before: encode('alpha\n'), after: encode('ALPHA\n') }],
      origin,
    );
    await workspace.checkpoint();
    const diff = await workspace.diff();
    expect(diff).toContain('+ALPHA');
    expect((await workspace.applyBack({ check: true })).conflicts).toEqual([]);
    expect((await workspace.applyBack()).applied).toBe(true);
    expect(await readFile(nodePath.join(root, 'a.txt'), 'utf8')).toBe('ALPHA\n');
    await workspace.close({ removeWorktree: true });
    expect(await markerText()).toBe('');
  });

  it('worktree: a rewritten .git pointer file is never followed, by the session or by a later `wright diff`', async () => {
    const root = await makeRepository(scratch.path, { 'a.txt': 'alpha\n' }, 'pointer');
    const dataDirectory = nodePath.join(scratch.path, 'data-pointer');
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'worktree',
      sessionId: 'pointer',
      dataDirectory,
    });
    workspace.setStep(1);
    await workspace.applyChanges(
      [{ path: 'a.txt', before: encode('alpha\n'), after: encode('ALPHA\n') }],
      origin,
    );
    // What a shell command of the model's could do: point the worktree at a repository whose fsmonitor is a trap.
    const fake = await makeRepository(scratch.path, { 'a.txt': 'decoy\n' }, 'fake');
    await runGit(fake, ['config', 'core.fsmonitor', await trap('fake-fsmonitor')]);
    await armEnvironment();
    await writeFile(
      nodePath.join(workspace.checkoutRoot, '.git'),
      `gitdir: ${nodePath.join(fake, '.git')}\n`,
    );
    expect(await workspace.diff()).toContain('+ALPHA');
    await workspace.close();
    const reopened = await openWorkspace({
      cwd: root,
      mode: 'worktree',
      sessionId: 'pointer',
      dataDirectory,
    });
    const diff = await reopened.diff();
    expect(diff).toContain('-alpha');
    expect(diff).toContain('+ALPHA');
    expect(diff).not.toContain('decoy');
    await reopened.close({ removeWorktree: true });
    expect(await markerText()).toBe('');
    await expect(
      access(nodePath.join(scratch.path, 'data-pointer', 'worktrees', 'pointer')),
    ).rejects.toThrow();
  });
});
