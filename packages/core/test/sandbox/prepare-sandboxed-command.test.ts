import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PreparedCommand,
  prepareSandboxedCommand,
} from '../../src/sandbox/prepare-sandboxed-command.js';
import { probeSandbox } from '../../src/sandbox/probe-sandbox.js';
import type { SandboxOptions } from '../../src/sandbox/sandbox-options.js';

// These tests use the system's bwrap and fail (never skip) without it: CI installs bubblewrap.
let root: string;
let workspace: string;
let home: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-sandbox-core-'));
  workspace = join(root, 'repo');
  home = join(root, 'home');
  await mkdir(join(workspace, '.git', 'hooks'), { recursive: true });
  await writeFile(join(workspace, '.git', 'config'), '[core]\n');
  await mkdir(join(home, '.ssh'), { recursive: true });
  await writeFile(join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY');
  await writeFile(join(home, '.npmrc'), '//registry.npmjs.org/:_authToken=npm_secret');
  // /tmp is replaced inside the sandbox, so "outside the workspace" is tested on a folder elsewhere.
  outside = await mkdtemp('/var/tmp/wright-sandbox-outside-');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function runConfined(script: string, sandbox: Partial<SandboxOptions> = {}) {
  const prepared = await prepareSandboxedCommand({
    argv: ['/bin/bash', '-c', script],
    cwd: workspace,
    env: { PATH: process.env.PATH ?? '', HOME: home },
    workspaceRoot: workspace,
    sandbox: { mode: 'workspace-write', cacheDirectory: join(root, 'cache'), ...sandbox },
  });
  if (!prepared.ready) throw new Error(`sandbox refused: ${prepared.reason}`);
  return run(prepared);
}

function run(prepared: PreparedCommand): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(prepared.file, prepared.args, { env: prepared.env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe('prepareSandboxedCommand with the system bwrap', () => {
  it('probes this host as able to sandbox, once per process', async () => {
    const probe = await probeSandbox();
    expect(probe).toMatchObject({ available: true, bwrapPath: 'bwrap' });
    expect(probe.version).toMatch(/bubblewrap/);
    expect(probeSandbox()).toBe(probeSandbox());
  });

  it('lets workspace-write write the workspace but nothing outside it', async () => {
    const result = await runConfined(`echo inside > made.txt && echo outside > ${outside}/x.txt`);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('Read-only file system');
    expect(await readFile(join(workspace, 'made.txt'), 'utf8')).toBe('inside\n');
    await expect(stat(join(outside, 'x.txt'))).rejects.toThrow();
  });

  it('keeps .git and .wright read-only in the writable workspace', async () => {
    const result = await runConfined(
      'echo "[core] fsmonitor = evil" >> .git/config; echo x > .git/hooks/pre-commit; echo {} > .wright/config.json; true',
    );
    expect(result.output.match(/Read-only file system/g)).toHaveLength(3);
    expect(await readFile(join(workspace, '.git', 'config'), 'utf8')).toBe('[core]\n');
    await expect(stat(join(workspace, '.git', 'hooks', 'pre-commit'))).rejects.toThrow();
    await expect(stat(join(workspace, '.wright', 'config.json'))).rejects.toThrow();
  });

  it('makes everything read-only in read-only mode but a fresh /tmp', async () => {
    const result = await runConfined('echo a > /tmp/ok && cat /tmp/ok && echo b > in-read-only.txt', {
      mode: 'read-only',
    });
    expect(result.output).toContain('a\n');
    expect(result.output).toContain('Read-only file system');
    await expect(stat(join(workspace, 'in-read-only.txt'))).rejects.toThrow();
    const sentinel = join(tmpdir(), `wright-sentinel-${process.pid}`);
    await writeFile(sentinel, 'host');
    try {
      const fresh = await runConfined(`test -e ${sentinel} && echo VISIBLE; echo checked`);
      expect(fresh.output).toBe('checked\n');
    } finally {
      await rm(sentinel, { force: true });
    }
  });

  it('keeps visiblePaths under /tmp readable, and read-only', async () => {
    const program = await mkdtemp(join(tmpdir(), 'wright-sandbox-program-'));
    await writeFile(join(program, 'tool.txt'), 'installed here');
    try {
      const script = `cat ${program}/tool.txt; echo; echo x > ${program}/planted.txt; echo done`;
      const hidden = await runConfined(script);
      expect(hidden.output).not.toContain('installed here');
      const visible = await runConfined(script, { visiblePaths: [program] });
      expect(visible.output).toContain('installed here');
      expect(visible.output).toContain('Read-only file system');
      await expect(stat(join(program, 'planted.txt'))).rejects.toThrow();
    } finally {
      await rm(program, { recursive: true, force: true });
    }
  });

  it('hides credential stores under HOME: empty, and not writable', async () => {
    const result = await runConfined(
      'ls -A ~/.ssh; echo "[$(cat ~/.npmrc)]"; echo key > ~/.ssh/authorized_keys; echo done',
    );
    expect(result.output).not.toContain('id_ed25519');
    expect(result.output).not.toContain('npm_secret');
    expect(result.output).toContain('[]');
    expect(result.output).toContain('Read-only file system');
    await expect(stat(join(home, '.ssh', 'authorized_keys'))).rejects.toThrow();
  });

  it("shows a worktree's link to the checkout's node_modules (inside the hidden data folder) read-only; never a link to a hidden folder", async () => {
    const data = join(outside, 'data');
    const session = join(data, 'worktrees', 's1');
    const worktree = join(session, 'repo');
    const checkout = join(outside, 'checkout');
    await mkdir(join(checkout, 'node_modules', 'dep'), { recursive: true });
    await writeFile(
      join(checkout, 'node_modules', 'dep', 'index.js'),
      'module.exports = "from the checkout";\n',
    );
    await mkdir(worktree, { recursive: true });
    await symlink(join(checkout, 'node_modules'), join(session, 'node_modules'));
    const confined = async (script: string) => {
      const prepared = await prepareSandboxedCommand({
        argv: ['/bin/bash', '-c', script],
        cwd: worktree,
        env: { PATH: process.env.PATH ?? '', HOME: home },
        workspaceRoot: worktree,
        sandbox: {
          mode: 'workspace-write',
          cacheDirectory: join(root, 'cache'),
          hiddenPaths: [data, join(home, '.ssh')],
        },
      });
      if (!prepared.ready) throw new Error(`sandbox refused: ${prepared.reason}`);
      return run(prepared);
    };
    const result = await confined(
      `node -e 'console.log(require("dep"))'; echo x > ../node_modules/dep/planted.js; ls ${data}/worktrees/s1`,
    );
    expect(result.output).toContain('from the checkout');
    expect(result.output).toContain('Read-only file system');
    await expect(stat(join(checkout, 'node_modules', 'dep', 'planted.js'))).rejects.toThrow();

    // A link to a hidden folder stays hidden.
    await rm(join(session, 'node_modules'));
    await symlink(join(home, '.ssh'), join(session, 'node_modules'));
    const hidden = await confined('ls -A ../node_modules/ 2>&1; echo end');
    expect(hidden.output).not.toContain('id_ed25519');
  });

  it('shows only its own processes in /proc', async () => {
    const result = await runConfined(
      `ls /proc | grep -E '^[0-9]+$' | wc -l; test -e /proc/${process.pid} && echo SEEN`,
    );
    expect(Number(result.output.split('\n')[0])).toBeLessThan(6);
    expect(result.output).not.toContain('SEEN');
  });

  it('cuts the network by default and keeps it with network on', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const script = `exec 3<>/dev/tcp/127.0.0.1/${port} && echo CONNECTED`;
      const off = await runConfined(script);
      expect(off.output).not.toContain('CONNECTED');
      expect(connections).toBe(0);
      const on = await runConfined(script, { network: 'on' });
      expect(on.output).toContain('CONNECTED');
      expect(connections).toBe(1);
    } finally {
      server.close();
    }
  });

  it('points tool caches at the writable cache folder', async () => {
    const result = await runConfined(
      'echo cached > "$GOCACHE.probe" && cat "$GOCACHE.probe" && echo $TMPDIR',
    );
    expect(result.output).toBe('cached\n/tmp\n');
    expect(await readFile(join(root, 'cache', 'go-build.probe'), 'utf8')).toBe('cached\n');
  });

  it('passes the command through untouched when the mode is off', async () => {
    const prepared = await prepareSandboxedCommand({
      argv: ['/bin/echo', 'hi'],
      cwd: workspace,
      env: { A: '1' },
      workspaceRoot: workspace,
      sandbox: { mode: 'off' },
    });
    expect(prepared).toEqual({
      ready: true,
      file: '/bin/echo',
      args: ['hi'],
      env: { A: '1' },
      mode: 'off',
      network: 'on',
    });
  });

  it('refuses (fails closed) when bwrap is missing, saying how to install it', async () => {
    const prepared = await prepareSandboxedCommand({
      argv: ['/bin/true'],
      cwd: workspace,
      env: {},
      workspaceRoot: workspace,
      sandbox: { mode: 'workspace-write', bwrapPath: join(root, 'no-bwrap') },
    });
    expect(prepared.ready).toBe(false);
    if (prepared.ready) return;
    expect(prepared.reason).toContain('was not found');
    expect(prepared.fix).toContain('apt-get install bubblewrap');
  });
});
