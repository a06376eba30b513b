import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolCallTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { useCliTest } from './cli-harness.js';

// Small things a new user tripped over (issue 17's frictions list), each checked the way the user met it.
const cli = useCliTest({ files: { 'notes.txt': 'one\n' } });

/** A finished two-step session that wrote two files. */
async function runTwoSteps(): Promise<void> {
  await cli.startServer({
    turns: [
      toolCallTurn([{ name: 'write_file', arguments: { path: 'a.txt', content: 'a\n' } }]),
      toolCallTurn([{ name: 'write_file', arguments: { path: 'b.txt', content: 'b\n' } }]),
      textTurn('Wrote both.'),
    ],
  });
  const result = await cli.runTask(['write two files']);
  expect(result.exitCode).toBe(0);
}

describe('frictions', () => {
  it('the demo closing hints work as printed, from the directory the demo ran in', async () => {
    const demo = await cli.run(['demo'], { cwd: cli.scratch.root, env: cli.scratch.env });
    expect(demo.exitCode).toBe(0);
    const hint = /wright (show last --cwd \S+)/.exec(demo.stdout)?.[1];
    expect(hint).toBeDefined();
    const show = await cli.run((hint ?? '').split(' '), { cwd: cli.scratch.root, env: cli.scratch.env });
    expect(show.stderr).toBe('');
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain('run ended: done');
  });

  it('wright show works on a session undone to step 0 (files and conversation)', async () => {
    await runTwoSteps();
    const undo = await cli.run(['undo', '--to', '0', '--conversation'], { env: cli.scratch.env });
    expect(undo.exitCode).toBe(0);
    const show = await cli.run(['show', 'last'], { env: cli.scratch.env });
    expect(show.stderr).toBe('');
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toMatch(/^session \S+ has no steps \(it was undone to its start\)\n$/);
  });

  it('diff --from with a step that does not exist lists the valid steps', async () => {
    await runTwoSteps();
    const diff = await cli.run(['diff', '--from', '5'], { env: cli.scratch.env });
    expect(diff.exitCode).toBe(2);
    expect(diff.stderr).toMatch(/has no checkpoint for step 5; pick one of: 0, 1, 2\n$/);
    expect(diff.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('help texts say what the commands really do', async () => {
    const diff = await cli.run(['diff', '--help'], { env: cli.scratch.env });
    expect(diff.stdout).toContain('--to <step>    End at this step (default: the current files).');
    const apply = await cli.run(['apply', '--help'], { env: cli.scratch.env });
    expect(apply.stdout).toContain('Usage: wright apply <patch-file|-> [--cwd <dir>] [--check] [--json]');
    expect(apply.stdout).toContain('  git diff | wright apply --cwd ../other-checkout -');
    expect(apply.stdout).not.toContain('wright git diff');
  });

  it('a failed apply is one line that names each hunk once', async () => {
    const patch = ['--- a/notes.txt', '+++ b/notes.txt', '@@ -1 +1 @@', '-two', '+three', ''].join('\n');
    await writeFile(join(cli.scratch.root, 'bad.patch'), patch);
    const result = await cli.run(['apply', join(cli.scratch.root, 'bad.patch')], { env: cli.scratch.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.match(/hunk 1/g)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^wright apply: notes\.txt hunk 1 \(@@ -1 \+1 @@\) does not apply: .*, so nothing was written; /,
    );
  });
});
