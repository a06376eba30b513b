import { mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxOptions } from '@wright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLspManager, type LspEvent, languageServerTable, spawnSandboxedServer } from '../src/index.js';

// Language servers run inside the same bwrap sandbox as shell commands. These tests use the system's bwrap and
// fail (never skip) without it: CI installs bubblewrap.
const probingServer = fileURLToPath(new URL('./fixtures/probing-server.mjs', import.meta.url));

let workspace: string;
let home: string;
let outside: string;
let hostTemp: string;
let cache: string;
let listener: Server;
let port: number;
let connections = 0;
/** Folders made by single tests, removed at the end. */
const temporary: string[] = [];

beforeAll(async () => {
  workspace = await realpath(await mkdtemp(nodePath.join(tmpdir(), 'wright-lsp-sandbox-')));
  await writeFile(nodePath.join(workspace, 'file.probe'), 'anything\n');
  // /tmp is replaced inside the sandbox, so the host folders a server must not write are elsewhere too.
  home = await mkdtemp('/var/tmp/wright-lsp-home-');
  outside = await mkdtemp('/var/tmp/wright-lsp-outside-');
  cache = await mkdtemp('/var/tmp/wright-lsp-cache-');
  hostTemp = await mkdtemp(nodePath.join(tmpdir(), 'wright-lsp-host-temp-'));
  listener = createServer((socket) => {
    connections += 1;
    socket.end();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});

afterAll(async () => {
  listener.close();
  for (const folder of [workspace, home, outside, cache, hostTemp, ...temporary])
    await rm(folder, { recursive: true, force: true });
});

/**
 * Starts the probing server (by default the fixture, run by node) for the workspace under `sandbox` and returns
 * what it found from inside.
 */
async function probe(
  sandbox: SandboxOptions | undefined,
  options: { command?: string; args?: string[]; env?: Record<string, string> } = {},
): Promise<{ findings: string[]; events: LspEvent[] }> {
  const events: LspEvent[] = [];
  const manager = createLspManager({
    servers: languageServerTable({
      probe: {
        command: options.command ?? process.execPath,
        args: options.args ?? [probingServer],
        extensions: ['.probe'],
      },
    }),
    spawnServer: spawnSandboxedServer({
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        PROBE_WRITE: [workspace, home, outside, hostTemp, cache, '/tmp'].join(':'),
        PROBE_PORT: String(port),
        ...options.env,
      },
      sandbox,
      cacheDirectory: cache,
    }),
    onEvent: (event) => events.push(event),
  });
  try {
    const report = await manager.diagnose(workspace, [nodePath.join(workspace, 'file.probe')]);
    return { findings: report.diagnostics.map((item) => item.message), events };
  } finally {
    await manager.close();
  }
}

/**
 * A fresh folder under the OS temp folder holding the probing server as `server.mjs` (run by node) and as an
 * executable `probe-server`, and a secret in another fresh folder there that no server may read.
 */
async function serverUnderTemp(): Promise<{
  folder: string;
  script: string;
  executable: string;
  secret: string;
}> {
  const folder = await realpath(await mkdtemp(nodePath.join(tmpdir(), 'wright-lsp-server-')));
  const other = await realpath(await mkdtemp(nodePath.join(tmpdir(), 'wright-lsp-other-')));
  temporary.push(folder, other);
  const source = await readFile(probingServer, 'utf8');
  const script = nodePath.join(folder, 'server.mjs');
  const executable = nodePath.join(folder, 'probe-server');
  const secret = nodePath.join(other, 'secret.txt');
  await writeFile(script, source);
  await writeFile(executable, `#!${process.execPath}\n${source}`, { mode: 0o755 });
  await writeFile(secret, 'not for servers\n');
  return { folder, script, executable, secret };
}

async function written(folder: string): Promise<boolean> {
  return stat(nodePath.join(folder, 'written-by-server.txt')).then(
    () => true,
    () => false,
  );
}

describe('language servers in the sandbox', () => {
  it('lets a server write nothing but its cache and a private /tmp, with no network', async () => {
    const { findings, events } = await probe({ mode: 'workspace-write' });
    expect(events[0]).toMatchObject({ type: 'lsp-start', server: 'probe', ok: true });
    expect(findings).toEqual(
      expect.arrayContaining([
        `write ${workspace}: EROFS`,
        `write ${home}: EROFS`,
        `write ${outside}: EROFS`,
        `write ${hostTemp}: ENOENT`,
        `write ${cache}: ok`,
        'write /tmp: ok',
      ]),
    );
    expect(findings.find((line) => line.startsWith('connect: '))).not.toBe('connect: ok');
    expect(connections).toBe(0);
    for (const folder of [workspace, home, outside, hostTemp]) expect(await written(folder)).toBe(false);
    expect(await written(cache)).toBe(true);
  }, 60_000);

  it('runs the same server unconfined when the sandbox is off (so the probe above is real)', async () => {
    const { findings } = await probe({ mode: 'off' });
    expect(findings).toContain(`write ${outside}: ok`);
    expect(findings).toContain('connect: ok');
    expect(await readFile(nodePath.join(outside, 'written-by-server.txt'), 'utf8')).toBe('escaped\n');
    await rm(nodePath.join(outside, 'written-by-server.txt'));
    await rm(nodePath.join(home, 'written-by-server.txt'), { force: true });
    await rm(nodePath.join(workspace, 'written-by-server.txt'), { force: true });
  }, 60_000);

  it('starts a configured server whose script is in a fresh folder under the OS temp folder (as in a clone there), showing it that folder only, read-only', async () => {
    const { folder, script, secret } = await serverUnderTemp();
    const { findings, events } = await probe(
      { mode: 'workspace-write' },
      {
        args: [script],
        env: { PROBE_WRITE: [folder, hostTemp].join(':'), PROBE_READ: [script, secret].join(':') },
      },
    );
    expect(events[0]).toMatchObject({ type: 'lsp-start', server: 'probe', ok: true });
    expect(findings).toEqual(
      expect.arrayContaining([
        `write ${folder}: EROFS`,
        `read ${script}: ok`,
        // The rest of the host's /tmp stays out of sight: another folder there, and the one the test made.
        `read ${secret}: ENOENT`,
        `write ${hostTemp}: ENOENT`,
      ]),
    );
    expect(await written(folder)).toBe(false);
  }, 60_000);

  it('starts a configured server whose command itself is a script under the OS temp folder', async () => {
    const { folder, executable, secret } = await serverUnderTemp();
    const { findings, events } = await probe(
      { mode: 'workspace-write' },
      { command: executable, args: ['--stdio'], env: { PROBE_WRITE: folder, PROBE_READ: secret } },
    );
    expect(events[0]).toMatchObject({ type: 'lsp-start', server: 'probe', ok: true });
    expect(findings).toEqual(expect.arrayContaining([`write ${folder}: EROFS`, `read ${secret}: ENOENT`]));
  }, 60_000);

  it('starts a configured server whose script lies right in /tmp, showing it that file and not the rest of /tmp', async () => {
    const { script: copy, secret } = await serverUnderTemp();
    const loose = `/tmp/wright-lsp-loose-${process.pid}-${Math.floor(Math.random() * 1e6)}.mjs`;
    temporary.push(loose);
    await writeFile(loose, await readFile(copy, 'utf8'));
    const { findings, events } = await probe(
      { mode: 'workspace-write' },
      { args: [loose], env: { PROBE_WRITE: '', PROBE_READ: [loose, secret].join(':') } },
    );
    expect(events[0]).toMatchObject({ type: 'lsp-start', server: 'probe', ok: true });
    expect(findings).toEqual(expect.arrayContaining([`read ${loose}: ok`, `read ${secret}: ENOENT`]));
  }, 60_000);

  it('refuses to start a server when the sandbox is unavailable, and the edit still gets an answer', async () => {
    const events: LspEvent[] = [];
    const manager = createLspManager({
      servers: languageServerTable({
        probe: { command: process.execPath, args: [probingServer], extensions: ['.probe'] },
      }),
      spawnServer: spawnSandboxedServer({
        env: { PATH: process.env.PATH ?? '' },
        sandbox: { mode: 'workspace-write', bwrapPath: '/nonexistent/bwrap' },
        cacheDirectory: cache,
      }),
      onEvent: (event) => events.push(event),
    });
    try {
      const report = await manager.diagnose(workspace, [nodePath.join(workspace, 'file.probe')]);
      expect(report.unavailable).toEqual([
        { path: 'file.probe', reason: expect.stringContaining('the sandbox is unavailable: bubblewrap') },
      ]);
      expect(events[0]).toMatchObject({ type: 'lsp-start', server: 'probe', ok: false });
    } finally {
      await manager.close();
    }
  }, 60_000);
});
