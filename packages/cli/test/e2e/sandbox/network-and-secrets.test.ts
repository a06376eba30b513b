import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useCliTest } from '../cli-harness.js';
import { runModelCommands } from './sandbox-harness.js';

// Through the real CLI with default sandbox flags and --approval full. Uses the system's bwrap and fails (never
// skips) without it: CI installs bubblewrap.
const cli = useCliTest({ files: { 'README.md': '# sample\n' } });
let server: Server;
let port: number;
let received: string[];

beforeEach(async () => {
  await mkdir(cli.scratch.env.HOME!, { recursive: true });
  received = [];
  server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.end('HELLO-FROM-HOST');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const fetchScript = (url: string) =>
  `node -e 'fetch(process.argv[1]).then(async (r) => console.log(await r.text()), (e) => { console.log(String(e.cause ?? e)); process.exit(1); })' ${url}`;

describe('wright run: network off by default', () => {
  it('a local server receives no request from curl or node fetch, and the model is told why', async () => {
    const url = `http://127.0.0.1:${port}/probe`;
    const { run, outputs } = await runModelCommands({
      repo: cli.repo,
      env: { ...cli.scratch.env, ZAI_API_KEY: 'test-key' },
      commands: [
        `curl -sS --max-time 5 ${url}`,
        fetchScript(url),
        'curl -sS --max-time 5 http://example.com/',
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(received).toEqual([]);
    for (const output of outputs) {
      expect(output).not.toContain('HELLO-FROM-HOST');
      expect(output).toContain('[Sandbox: Network access is off in the sandbox');
    }
  });

  it('--network on reaches the same server', async () => {
    const url = `http://127.0.0.1:${port}/probe`;
    const { outputs } = await runModelCommands({
      repo: cli.repo,
      env: { ...cli.scratch.env, ZAI_API_KEY: 'test-key' },
      flags: ['--network', 'on'],
      commands: [`curl -sS --max-time 5 ${url}`, fetchScript(url)],
    });
    expect(outputs[0]).toContain('HELLO-FROM-HOST');
    expect(outputs[1]).toContain('HELLO-FROM-HOST');
    expect(received).toEqual(['GET /probe', 'GET /probe']);
  });
});

describe('wright run: no provider key inside the sandbox', () => {
  it('env, /proc/$PPID/environ and every /proc/*/environ show no provider key', async () => {
    const key = 'zai-key-VISIBLE-ONLY-TO-WRIGHT-4711';
    const { run, outputs } = await runModelCommands({
      repo: cli.repo,
      env: { ...cli.scratch.env, ZAI_API_KEY: key, OPENAI_API_KEY: 'other-provider-key-0815' },
      commands: [
        'env',
        'tr "\\0" "\\n" < /proc/$PPID/environ; echo PPID=$PPID',
        'for f in /proc/[0-9]*/environ; do echo "== $f"; tr "\\0" "\\n" < "$f"; done; ls /proc | grep -cE "^[0-9]+$"',
        'cat /proc/*/cmdline | tr "\\0" " "',
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(outputs[0]).toContain('PATH=');
    // The scan did read environments (its own shell's at least), so an absent key means absent, not unreadable.
    expect(outputs[2]).toContain('PATH=');
    expect(outputs[2]).toMatch(/== \/proc\/1\/environ/);
    for (const output of outputs) {
      expect(output).not.toContain(key);
      expect(output).not.toContain('other-provider-key-0815');
      expect(output).not.toContain('ZAI_API_KEY=');
    }
  });
});
