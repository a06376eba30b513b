import type { ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import {
  type RecordedRequest,
  type RedisTestServer,
  type ScriptedTurn,
  startRedisServer,
  textTurn,
  toolCallTurn,
} from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, parseJsonLines, useCliTest } from './cli-harness.js';

// Distributed batch runs: real `wright worker` processes, a real Redis, the scripted GLM server.

const cli = useCliTest();
let redis: RedisTestServer;
let proxy: Server | undefined;
const workers: ChildProcess[] = [];

beforeEach(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const worker of workers.splice(0)) {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  }
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  proxy = undefined;
  await redis.stop();
});

/** The task id a request belongs to (each task's prompt names it), and how far its conversation has got. */
function taskOf(request: RecordedRequest): { id: string; toolResults: number } {
  const messages = (request.body?.messages ?? []) as Array<{ role: string; content?: string }>;
  const prompt = messages.find((message) => message.role === 'user')?.content ?? '';
  const id = /task (t\d+)/.exec(prompt)?.[1] ?? 'unknown';
  return { id, toolResults: messages.filter((message) => message.role === 'tool').length };
}

/** Each task writes `out-<id>.txt` holding its id, then answers; `hangFirst` makes that task's first request hang. */
function taskTurns(options: { hangFirst?: string; chunkDelayMs?: number } = {}) {
  const seen = new Map<string, number>();
  return (request: RecordedRequest): ScriptedTurn => {
    const { id, toolResults } = taskOf(request);
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    if (id === options.hangFirst && count === 1) return { content: '', fault: { kind: 'hang' } };
    const turn =
      toolResults === 0
        ? toolCallTurn([{ name: 'write_file', arguments: { path: `out-${id}.txt`, content: `${id}\n` } }])
        : textTurn(`wrote out-${id}.txt`);
    return options.chunkDelayMs === undefined
      ? turn
      : { ...turn, chunkSize: 4, chunkDelayMs: options.chunkDelayMs };
  };
}

async function writeTasks(count: number, repositories: number): Promise<string> {
  const repos: string[] = [];
  for (let index = 0; index < repositories; index++) {
    repos.push(await createGitRepo(cli.scratch.root, { 'README.md': `repo ${index}\n` }, `repo-${index}`));
  }
  const lines = Array.from({ length: count }, (_, index) => {
    const id = `t${String(index + 1).padStart(2, '0')}`;
    return JSON.stringify({
      id,
      cwd: repos[index % repositories],
      prompt: `task ${id}: write out-${id}.txt`,
    });
  });
  const path = join(cli.scratch.root, 'tasks.jsonl');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

function startWorker(name: string, baseUrl: string, extra: string[] = []) {
  const env = { ...cli.env, WRIGHT_HOME: join(cli.scratch.root, `home-${name}`) };
  const run = cli.start(
    [
      'worker',
      '--queue',
      redis.url,
      '--concurrency',
      '3',
      // Short, so the killed worker's task is taken over soon; long enough that a live worker on a busy machine
      // always renews its lock in time (one that did not would lose its task to the other worker, as designed).
      '--lock-duration',
      '5s',
      '--name',
      name,
      '--base-url',
      baseUrl,
      '--approval',
      'full',
      '--results-dir',
      join(cli.scratch.root, 'artefacts'),
      ...extra,
    ],
    { cwd: cli.scratch.root, env },
  );
  workers.push(run.child);
  let output = '';
  run.child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.DEBUG_WORKERS) process.stderr.write(`[${name}] ${chunk}`);
  });
  run.child.stderr?.on('data', (chunk: Buffer) => {
    if (process.env.DEBUG_WORKERS) process.stderr.write(`[${name} err] ${chunk}`);
  });
  return { ...run, output: () => output };
}

async function until(condition: () => boolean, what: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('wright batch --queue with wright worker', () => {
  it('runs 40 tasks on two workers exactly once in effect, surviving a worker killed mid-task', async () => {
    const server = await cli.startServer({ turns: [taskTurns({ hangFirst: 't13' })], loop: true });
    const tasksFile = await writeTasks(40, 4);
    const resultsFile = join(cli.scratch.root, 'results.jsonl');

    const submit = cli.start(['batch', tasksFile, '--queue', redis.url, '--results', resultsFile], {
      cwd: cli.scratch.root,
    });
    const first = startWorker('first', server.baseUrl);
    const second = startWorker('second', server.baseUrl);

    // Whichever worker takes t13 hangs on its first model request; kill it there, as a machine would die.
    await until(
      () => server.requests.some((request) => taskOf(request).id === 't13'),
      't13 to reach the model',
    );
    // The worker logs `started t13` before it prepares the task, but its output and its request reach this process
    // by different paths: wait for the line rather than assume it came first.
    await until(() => /started t13 /.test(first.output() + second.output()), 'a worker to log starting t13');
    const victim = /started t13 /.test(first.output()) ? first : second;
    const victimName = victim === first ? 'first' : 'second';
    victim.child.kill('SIGKILL');

    const submitted = await submit.done;
    expect(submitted.stderr).toContain('40 task(s) added');
    expect(submitted.exitCode).toBe(0);

    const lines = parseJsonLines(await readFile(resultsFile, 'utf8'));
    expect(lines).toHaveLength(40);
    for (const line of lines) {
      expect(line).toMatchObject({ state: 'completed', status: 'done' });
      const attempts = line.attempts as Array<{ outcome: string; worker: string; artefacts?: string }>;
      const completed = attempts.filter((attempt) => attempt.outcome === 'completed');
      expect(completed, JSON.stringify(attempts)).toHaveLength(1);
      const patch = await readFile(join(completed[0]!.artefacts!, 'diff.patch'), 'utf8');
      expect(patch).toContain(`+++ b/out-${line.id}.txt`);
      expect(patch).toContain(`+${line.id}`);
      // Every attempt before the completed one ended without effect: lost (t13, and any other task the killed worker
      // had under way), or failed and tried again (seen once on a very busy machine; the attempt's record says why).
      const diagnosis = `${line.id}: ${JSON.stringify(attempts)}`;
      expect(attempts.at(-1)?.outcome, diagnosis).toBe('completed');
      for (const attempt of attempts.slice(0, -1)) {
        expect(attempt.outcome, diagnosis).toMatch(/^(lost|failed)$/);
      }
      if (line.id === 't13') {
        expect(attempts[0], diagnosis).toMatchObject({ outcome: 'lost', worker: victimName });
        expect(attempts.at(-1)?.worker, diagnosis).not.toBe(victimName);
      }
    }
    // Every completed attempt made its two model requests; the lost one made one.
    const perTask = new Map<string, number>();
    for (const request of server.requests)
      perTask.set(taskOf(request).id, (perTask.get(taskOf(request).id) ?? 0) + 1);
    expect(perTask.size).toBe(40);
    for (const line of lines) {
      const id = String(line.id);
      const count = perTask.get(id) ?? 0;
      const earlier = (line.attempts as unknown[]).length - 1;
      // t13's lost attempt made exactly one request (it hung there); any other attempt made at most two.
      if (id === 't13' && earlier === 1) expect(count, id).toBe(3);
      else if (earlier === 0) expect(count, id).toBe(2);
      else expect(count, id).toBeLessThanOrEqual(2 * (earlier + 1));
    }

    // Re-submitting the same file adds no work.
    const requestsBefore = server.requests.length;
    const again = await cli.run(['batch', tasksFile, '--queue', redis.url, '--detach'], {
      cwd: cli.scratch.root,
    });
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('0 task(s) added');
    expect(again.stderr).toContain('40 already on the queue');
    const status = await cli.run(['batch', 'status', '--queue', redis.url, '--json'], {
      cwd: cli.scratch.root,
    });
    expect(JSON.parse(status.stdout)).toMatchObject({ total: 40, completed: 40, settled: true });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.requests.length).toBe(requestsBefore);

    // Results can be read at any time, as a table too.
    const table = await cli.run(['batch', 'results', '--queue', redis.url, '--format', 'table'], {
      cwd: cli.scratch.root,
    });
    expect(table.stdout).toContain('t13: #1 lost, #2 completed');

    // SIGTERM stops the surviving worker cleanly.
    const survivor = victim === first ? second : first;
    survivor.child.kill('SIGTERM');
    expect((await survivor.done).exitCode).toBe(0);
  }, 480_000);

  it('never has more model requests in flight for one key than --model-concurrency, across workers', async () => {
    const server = await cli.startServer({ turns: [taskTurns({ chunkDelayMs: 15 })], loop: true });
    // A proxy in front of the model counts requests in flight.
    let inFlight = 0;
    let most = 0;
    proxy = createServer(async (request, response) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      response.on('close', () => {
        inFlight -= 1;
      });
      const body: Buffer[] = [];
      for await (const chunk of request) body.push(chunk as Buffer);
      const upstream = await fetch(`${server.baseUrl.replace(/\/api\/paas\/v4$/, '')}${request.url}`, {
        method: request.method ?? 'POST',
        headers: { 'content-type': 'application/json', authorization: request.headers.authorization ?? '' },
        body: Buffer.concat(body),
      });
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      for await (const chunk of upstream.body ?? []) response.write(chunk);
      response.end();
    });
    await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', () => resolve()));
    const address = proxy.address();
    const proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/paas/v4`;

    const tasksFile = await writeTasks(12, 2);
    startWorker('one', proxyUrl, ['--model-concurrency', '2']);
    startWorker('two', proxyUrl, ['--model-concurrency', '2']);
    const submitted = await cli.run(['batch', tasksFile, '--queue', redis.url], { cwd: cli.scratch.root });
    expect(submitted.exitCode).toBe(0);
    expect(server.requests).toHaveLength(24);
    // Six tasks run at once across the two workers, yet only two requests were ever in flight together.
    expect(most).toBe(2);
  }, 180_000);
});
