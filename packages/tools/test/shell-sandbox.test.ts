import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { SandboxOptions, ToolResult } from '@wright/core';
import { eventually, processesWith } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shellCaller, unique } from './shell-helpers.js';
import { createTestKit } from './tool-context.js';

// These tests use the system's bwrap and fail (never skip) without it: CI installs bubblewrap.
let kit: Awaited<ReturnType<typeof createTestKit>>;
let outside: string;

beforeEach(async () => {
  kit = await createTestKit();
  // /tmp is replaced inside the sandbox, so "outside the workspace" is a folder elsewhere.
  outside = await mkdtemp('/var/tmp/wright-shell-outside-');
});
afterEach(async () => {
  await kit.cleanup();
  await rm(outside, { recursive: true, force: true });
});

function shellTools(sandbox: SandboxOptions, extra: Parameters<typeof shellCaller>[1] = {}) {
  return shellCaller(kit, { defaultTimeoutMs: 20_000, sandbox, ...extra });
}

function textOf(result: ToolResult | string): string {
  return typeof result === 'string' ? result : result.output;
}

const confined: SandboxOptions = { mode: 'workspace-write' };

describe('shell in the sandbox', () => {
  it('writes inside the workspace, and a blocked write outside comes back with a plain-words note', async () => {
    const call = shellTools(confined);
    const result = await call('shell', { command: `echo ok > inside.txt && echo no > ${outside}/x.txt` });
    expect(result.isError).toBe(true);
    expect(result.output).toContain('Read-only file system');
    expect(result.output).toContain('[Sandbox: The sandbox (workspace-write) blocked a write');
    expect(await readFile(`${kit.root}/inside.txt`, 'utf8')).toBe('ok\n');
    await expect(stat(`${outside}/x.txt`)).rejects.toThrow();
  });

  it('refuses every command (fail closed) when bwrap is missing, foreground and background', async () => {
    const call = shellTools({ mode: 'workspace-write', bwrapPath: `${outside}/missing-bwrap` });
    const result = await call('shell', { command: `touch ${kit.root}/ran` });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/^Refused: shell commands run only inside the sandbox \(workspace-write\)/);
    expect(result.output).toContain('apt-get install bubblewrap');
    expect(result.output).toContain('--sandbox off');
    const background = await call('shell', { command: `touch ${kit.root}/ran`, background: true });
    expect(background.isError).toBe(true);
    expect(background.output).toContain('Refused: shell commands run only inside the sandbox');
    await expect(stat(`${kit.root}/ran`)).rejects.toThrow();
  });

  it('kills everything on timeout, even a process that left the group with setsid', async () => {
    const call = shellTools(confined);
    const duration = unique();
    const result = await call('shell', {
      command: `setsid sleep ${duration} & sleep ${duration}`,
      timeout_ms: 500,
    });
    expect(result.output).toContain('[Timed out after 500 ms');
    expect(await eventually(() => processesWith(`sleep ${duration}`).length === 0)).toBe(true);
  });

  it('kills everything when the call is aborted', async () => {
    const call = shellTools(confined);
    const duration = unique();
    const running = call('shell', { command: `sleep ${duration}` });
    await eventually(() => processesWith(`sleep ${duration}`).length > 0);
    kit.controller.abort();
    expect((await running).output).toContain('[Cancelled;');
    expect(await eventually(() => processesWith(`sleep ${duration}`).length === 0)).toBe(true);
  });

  it('runs background commands in the sandbox and shell_kill stops them all', async () => {
    const call = shellTools(confined);
    const duration = unique();
    const started = textOf(
      await call('shell', {
        command: `echo start > bg.txt; echo oops > ${outside}/bg.txt; sleep ${duration}`,
        background: true,
      }),
    );
    expect(started).toContain('bg-1');
    expect(await eventually(() => processesWith(`sleep ${duration}`).length > 0)).toBe(true);
    let seen = '';
    const deadline = Date.now() + 20_000;
    while (!seen.includes('Read-only file system') && Date.now() < deadline) {
      seen += textOf(await call('shell_output', { id: 'bg-1' }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toContain('Read-only file system');
    await call('shell_kill', { id: 'bg-1' });
    expect(await eventually(() => processesWith(`sleep ${duration}`).length === 0)).toBe(true);
    expect(await readFile(`${kit.root}/bg.txt`, 'utf8')).toBe('start\n');
    await expect(stat(`${outside}/bg.txt`)).rejects.toThrow();
  });

  it('re-runs a blocked command outside the sandbox only when the person says yes', async () => {
    const asked: string[] = [];
    let answer = false;
    const call = shellTools(confined, {
      askToRunUnsandboxed: async (request) => {
        asked.push(request.note);
        return answer;
      },
    });
    const command = `echo out > ${outside}/escape.txt`;
    const refused = await call('shell', { command });
    expect(asked).toHaveLength(1);
    expect(refused.output).toContain('[Sandbox:');
    await expect(stat(`${outside}/escape.txt`)).rejects.toThrow();
    answer = true;
    const allowed = await call('shell', { command });
    expect(allowed.output).toMatch(
      /^\[The sandbox blocked this command; the user allowed running it once outside/,
    );
    expect(allowed.isError).toBe(false);
    expect(await readFile(`${outside}/escape.txt`, 'utf8')).toBe('out\n');
    // A command that fails for its own reasons asks nothing.
    await call('shell', { command: 'exit 1' });
    expect(asked).toHaveLength(2);
  });
});
