import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';

/** A throw-away Redis server for tests. */
export type RedisTestServer = {
  /** `redis://127.0.0.1:<port>/0`. */
  url: string;
  port: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
};

/**
 * Starts `redis-server` (from the system: Debian's `redis-server` package) on a free 127.0.0.1 port, without
 * persistence, in a temporary folder. Rejects with a clear message when the binary is missing or does not start.
 * The server also stops when the test process exits. A port found free can be taken by another process before Redis
 * binds it (tests run in parallel): then it tries again on another port, up to three times.
 */
export async function startRedisServer(options: { binary?: string } = {}): Promise<RedisTestServer> {
  const binary = options.binary ?? 'redis-server';
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary);
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/i.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(binary: string): Promise<RedisTestServer> {
  const directory = await mkdtemp(nodePath.join(tmpdir(), 'wright-redis-'));
  const port = await freePort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start within 30 s:\n${output}`)),
      30_000,
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${binary} (install Debian's redis-server package): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`));
    });
  });
  await ready.catch(async (error) => {
    process.removeListener('exit', stopOnExit);
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw error;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    async stop() {
      process.removeListener('exit', stopOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
