import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ScriptedServer, startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, runCliProcess, type Scratch } from './cli-harness.js';

// Small things a new user tripped over (issue 17's frictions list), each checked the way the user met it.
let scratch: Scratch;
let repo: string;
let server: ScriptedServer | undefined;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, { 'notes.txt': 'one\n' });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

/** A finished two-step session that wrote two files. */
async function runTwoSteps(): Promise<void> {
  server = await startScriptedServer({
    turns: [
      toolCallTurn([{ name: 'write_file', arguments: { path: 'a.txt', content: 'a\n' } }]),
      toolCallTurn([{ name: 'write_file', arguments: { path: 'b.txt', content: 'b\n' } }]),
      textTurn('Wrote both.'),
    ],
  });
  const result = await runCliProcess(['run', '--base-url', server.baseUrl, 'write two files'], {
    cwd: repo,
    env: { ...scratch.env, ZAI_API_KEY: 'test-key' },
  });
  expect(result.exitCode).toBe(0);
}

describe('frictions', () => {
  it('the demo closing hints work as printed, from the directory the demo ran in', async () => {
    const demo = await runCliProcess(['demo'], { cwd: scratch.root, env: scratch.env });
    expect(demo.exitCode).toBe(0);
    const hint = /wright (show last --cwd \S+)/.exec(demo.stdout)?.[1];
    expect(hint).toBeDefined();
    const show = await runCliProcess((hint ?? '').split(' '), { cwd: scratch.root, env: scratch.env });
    expect(show.stderr).toBe('');
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain('run ended: done');
  });

  it('wright show works on a session undone to step 0 (files and conversation)', async () => {
    await runTwoSteps();
    const undo = await runCliProcess(['undo', '--to', '0', '--conversation'], {
      cwd: repo,
      env: scratch.env,
    });
    expect(undo.exitCode).toBe(0);
    const show = await runCliProcess(['show', 'last'], { cwd: repo, env: scratch.env });
    expect(show.stderr).toBe('');
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toMatch(/^session \S+ has no steps \(it was undone to its start\)\n$/);
  });

  it('diff --from with a step that does not exist lists the valid steps', async () => {
    await runTwoSteps();
    const diff = await runCliProcess(['diff', '--from', '5'], { cwd: repo, env: scratch.env });
    expect(diff.exitCode).toBe(2);
    expect(diff.stderr).toMatch(/has no checkpoint for step 5; pick one of: 0, 1, 2\n$/);
    expect(diff.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('help texts say what the commands really do', async () => {
    const diff = await runCliProcess(['diff', '--help'], { cwd: repo, env: scratch.env });
    expect(diff.stdout).toContain('--to <step>    End at this step (default: the current files).');
    const apply = await runCliProcess(['apply', '--help'], { cwd: repo, env: scratch.env });
    expect(apply.stdout).toContain('Usage: wright apply <patch-file|-> [--cwd <dir>] [--check] [--json]');
    expect(apply.stdout).toContain('  git diff | wright apply --cwd ../other-checkout -');
    expect(apply.stdout).not.toContain('wright git diff');
  });

  it('a failed apply is one line that names each hunk once', async () => {
    const patch = ['--- a/notes.txt', '+++ b/notes.txt', '@@ -1 +1 @@', '-two', '+three', ''].join('\n');
    await writeFile(join(scratch.root, 'bad.patch'), patch);
    const result = await runCliProcess(['apply', join(scratch.root, 'bad.patch')], {
      cwd: repo,
      env: scratch.env,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.match(/hunk 1/g)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^wright apply: notes\.txt hunk 1 \(@@ -1 \+1 @@\) does not apply: .*, so nothing was written; /,
    );
  });
});
