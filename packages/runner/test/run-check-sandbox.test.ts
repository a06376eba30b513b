import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../src/run-check.js';

// These tests use the system's bwrap and fail (never skip) without it: CI installs bubblewrap.
let root: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(nodePath.join(tmpdir(), 'wright-check-sandbox-'));
  await mkdir(nodePath.join(root, '.git'));
  await writeFile(nodePath.join(root, '.git', 'config'), '[core]\n');
  outside = await mkdtemp('/var/tmp/wright-check-outside-');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const check = (command: string, sandbox: Parameters<typeof runCheck>[0]['sandbox']) =>
  runCheck({ command, cwd: root, timeoutMs: 20_000, maxOutputChars: 4000, sandbox });

describe('runCheck in the sandbox', () => {
  it('writes the workspace, but not .git nor outside it, and explains the refusal', async () => {
    const run = await check(`echo built > out.txt; echo x >> .git/config; echo y > ${outside}/z; exit 1`, {
      mode: 'workspace-write',
    });
    expect(await readFile(nodePath.join(root, 'out.txt'), 'utf8')).toBe('built\n');
    expect(await readFile(nodePath.join(root, '.git', 'config'), 'utf8')).toBe('[core]\n');
    await expect(stat(nodePath.join(outside, 'z'))).rejects.toThrow();
    expect(run.outputTail).toContain('Read-only file system');
    expect(run.outputTail).toContain('[Sandbox: The sandbox (workspace-write) blocked a write');
  });

  it('fails without running when the sandbox is unavailable', async () => {
    const run = await check(`touch ${root}/ran`, {
      mode: 'workspace-write',
      bwrapPath: `${outside}/no-bwrap`,
    });
    expect(run.passed).toBe(false);
    expect(run.outputTail).toContain('the check did not run: the sandbox (workspace-write) is not available');
    await expect(stat(nodePath.join(root, 'ran'))).rejects.toThrow();
  });
});
