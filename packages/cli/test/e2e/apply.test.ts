import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, git, runCliProcess, type Scratch } from './cli-harness.js';

const original = `${Array.from({ length: 30 }, (_, index) => `line ${index + 1}`).join('\n')}\n`;

/** A git diff changing line 10 and line 25 of `original`. */
async function makePatch(scratch: Scratch): Promise<string> {
  const repo = await createGitRepo(scratch.root, { 'notes.txt': original }, 'patch-source');
  const changed = original.replace('line 10\n', 'line ten\n').replace('line 25\n', 'line twenty-five\n');
  await writeFile(join(repo, 'notes.txt'), changed);
  return git(repo, 'diff');
}

let scratch: Scratch;
let repo: string;
let patchFile: string;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, { 'notes.txt': original, 'other.txt': 'keep me\n' });
  patchFile = join(scratch.root, 'change.patch');
  await writeFile(patchFile, await makePatch(scratch));
});
afterEach(async () => {
  await scratch.cleanup();
});

describe('wright apply', () => {
  it('applies a good patch, says what it did per file, exits 0', async () => {
    const result = await runCliProcess(['apply', patchFile], { cwd: repo, env: scratch.env });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('modified notes.txt: 2 hunks');
    expect(result.stdout).toContain('applied to 1 file');
    const content = await readFile(join(repo, 'notes.txt'), 'utf8');
    expect(content).toContain('line ten\n');
    expect(content).toContain('line twenty-five\n');
  });

  it('applies a stale patch whose lines moved, reporting the offset', async () => {
    const shifted = `header 1\nheader 2\nheader 3\n${original}`;
    await writeFile(join(repo, 'notes.txt'), shifted);
    const result = await runCliProcess(['apply', '--cwd', repo, patchFile], {
      cwd: scratch.root,
      env: scratch.env,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/2 at an offset \(\+3, \+3 lines\)/);
    const content = await readFile(join(repo, 'notes.txt'), 'utf8');
    expect(content.startsWith('header 1\n')).toBe(true);
    expect(content).toContain('line ten\n');
  });

  it('refuses a conflicting patch, writes nothing, exits 1', async () => {
    // The second hunk's context is gone; the first would apply, but all-or-nothing means neither is written.
    const conflicting = original.replace('line 24\nline 25\nline 26\n', 'something else entirely\n');
    await writeFile(join(repo, 'notes.txt'), conflicting);
    const result = await runCliProcess(['apply', patchFile], { cwd: repo, env: scratch.env });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('notes.txt hunk 2');
    expect(result.stderr).toContain('nothing was written');
    expect(await readFile(join(repo, 'notes.txt'), 'utf8')).toBe(conflicting);
  });

  it('refuses a patch cut off mid-hunk (counts do not match), writes nothing, exits 1', async () => {
    const full = await readFile(patchFile, 'utf8');
    // Cut after the first removed line of the last hunk, as a broken pipe would.
    const cut = full.slice(0, full.indexOf('-line 25\n') + '-line 25\n'.length);
    await writeFile(patchFile, cut);
    const result = await runCliProcess(['apply', patchFile], { cwd: repo, env: scratch.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/hunk 2 does not match its header/);
    expect(await readFile(join(repo, 'notes.txt'), 'utf8')).toBe(original);
  });

  it('--check reports but writes nothing', async () => {
    const result = await runCliProcess(['apply', '--check', patchFile], { cwd: repo, env: scratch.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('would modify notes.txt');
    expect(result.stdout).toContain('nothing was written');
    expect(await readFile(join(repo, 'notes.txt'), 'utf8')).toBe(original);
  });

  it('reads a Codex patch from stdin with -', async () => {
    const codex = [
      '*** Begin Patch',
      '*** Update File: other.txt',
      '@@',
      '-keep me',
      '+changed by codex',
      '*** Add File: created.txt',
      '+hello',
      '*** End Patch',
      '',
    ].join('\n');
    const result = await runCliProcess(['apply', '-'], { cwd: repo, env: scratch.env, input: codex });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('modified other.txt');
    expect(result.stdout).toContain('created created.txt');
    expect(await readFile(join(repo, 'other.txt'), 'utf8')).toBe('changed by codex\n');
    expect(await readFile(join(repo, 'created.txt'), 'utf8')).toBe('hello\n');
  });

  it('exits 1 with one line for a missing patch file, and 2 without an argument', async () => {
    const missing = await runCliProcess(['apply', 'nope.patch'], { cwd: repo, env: scratch.env });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    const usage = await runCliProcess(['apply'], { cwd: repo, env: scratch.env });
    expect(usage.exitCode).toBe(2);
  });
});
