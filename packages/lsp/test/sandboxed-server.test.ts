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
  for (const folder of [workspace, home, outside, cache, hostTemp])
    await rm(folder, { recursive: true, force: true });
});

/** Starts the probing server for the workspace under `sandbox` and returns what it found from inside. */
async function probe(
  sandbox: SandboxOptions | undefined,
): Promise<{ findings: string[]; events: LspEvent[] }> {
  const events: LspEvent[] = [];
  const manager = createLspManager({
    servers: languageServerTable({
      probe: { command: process.execPath, args: [probingServer], extensions: ['.probe'] },
    }),
    spawnServer: spawnSandboxedServer({
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        PROBE_WRITE: [workspace, home, outside, hostTemp, cache, '/tmp'].join(':'),
        PROBE_PORT: String(port),
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
