import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { textTurn, toolCallTurn } from '@wright/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, git, useCliTest } from '../cli-harness.js';
import { finalResult, markerScript, plant, toolResults } from './security-harness.js';

// A repository whose git config and hooks run programs (a tarball or shared folder ships its .git; a command of
// the model's could write one) must not get them run by Wright's own git calls: run, diff, undo, worktree.

const cli = useCliTest({
  files: {
    'src/app.js': 'export const answer = 41;\n',
    '.gitattributes': '* filter=evil\n',
  },
});
let marker: string;
beforeEach(async () => {
  marker = join(cli.scratch.root, 'ran.log');
  const trap = async (name: string, filter = false) => {
    const path = join(cli.scratch.root, 'traps', `${name}.sh`);
    await plant(path, `${markerScript(marker, name)}${filter ? 'cat\n' : ''}`, true);
    return path;
  };
  await git(cli.repo, 'config', 'core.fsmonitor', await trap('fsmonitor'));
  await git(cli.repo, 'config', 'filter.evil.clean', await trap('clean', true));
  await git(cli.repo, 'config', 'filter.evil.smudge', await trap('smudge', true));
  await git(cli.repo, 'config', 'filter.evil.required', 'true');
  for (const hook of [
    'post-checkout',
    'reference-transaction',
    'post-index-change',
    'pre-commit',
    'pre-auto-gc',
  ]) {
    await plant(join(cli.repo, '.git', 'hooks', hook), markerScript(marker, `hook-${hook}`), true);
  }
  await writeFile(marker, '');
});

const editAnswer = toolCallTurn([
  { id: 'task', name: 'edit_file', arguments: { path: 'src/app.js', old_string: '41', new_string: '42' } },
]);

describe("git hardening: Wright's own git calls run no hook, fsmonitor or filter", () => {
  it('in place: run, diff and undo', async () => {
    await cli.startServer({ turns: [editAnswer, textTurn('Done.')] });
    const run = await cli.runTask(['--json', 'set the answer to 42']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const diff = await cli.run(['diff']);
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain('+export const answer = 42;');
    const undo = await cli.run(['undo']);
    expect(undo.exitCode).toBe(0);
    expect(await readFile(join(cli.repo, 'src/app.js'), 'utf8')).toBe('export const answer = 41;\n');
    expect(await readFile(marker, 'utf8')).toBe('');
  });

  it('--worktree: create, run, diff, and a pointer file rewritten by a shell command is never followed', async () => {
    const fake = join(cli.scratch.root, 'fake');
    await createGitRepo(cli.scratch.root, { 'src/app.js': 'decoy\n' }, 'fake');
    await git(fake, 'config', 'core.fsmonitor', join(cli.scratch.root, 'traps', 'fsmonitor.sh'));
    await cli.startServer({
      turns: [
        toolCallTurn([
          { id: 'pointer', name: 'shell', arguments: { command: `printf 'gitdir: ${fake}/.git\\n' > .git` } },
        ]),
        editAnswer,
        textTurn('Done.'),
      ],
    });
    const run = await cli.runTask([
      '--worktree',
      '--approval',
      'full',
      // The attack needs a shell that can rewrite the pointer file: the sandbox would stop it first
      // (tested in e2e/sandbox); here git hardening must hold on its own.
      '--sandbox',
      'off',
      '--json',
      'set the answer to 42',
    ]);
    expect(run.exitCode).toBe(0);
    expect(finalResult(run.stdout)).toMatchObject({ status: 'finished' });
    expect(toolResults(run.stdout).get('pointer')?.status).toBe('ok');
    const diff = await cli.run(['diff']);
    expect(diff.stderr).toBe('');
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain('+export const answer = 42;');
    expect(diff.stdout).not.toContain('decoy');
    expect(await readFile(marker, 'utf8')).toBe('');
    // The traps are real: plain git in the repository runs them.
    await promisify(execFile)('git', ['status'], {
      cwd: cli.repo,
      env: { ...process.env, ...cli.scratch.env },
    });
    expect(await readFile(marker, 'utf8')).toContain('fsmonitor');
  });
});
