import type { BatchResult } from '@wright/runner';
import { type RedisTestServer, startRedisServer } from '@wright/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTaskQueue, type QueuedTask, type TaskQueue } from '../src/index.js';
import { countStates, toResultLines } from '../src/internal.js';

let redis: RedisTestServer;
const queues: TaskQueue[] = [];
let queueNumber = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(queues.map((queue) => queue.close()));
  await redis.stop();
});

/** A queue of its own name per test, so tests never see each other's tasks. */
function openQueue(name = `test-${++queueNumber}`): TaskQueue {
  const queue = createRedisTaskQueue({ url: `${redis.url}?name=${name}` });
  queues.push(queue);
  return queue;
}

function task(id: string, batch = 'b'): QueuedTask {
  return { id, batch, cwd: '/nowhere', prompt: `do ${id}` };
}

function result(id: string, status: BatchResult['status'] = 'done'): BatchResult {
  return {
    id,
    status,
    reason: status === 'done' ? 'finished' : 'error',
    steps: 1,
    inputTokens: 10,
    outputTokens: 5,
    cachedTokens: 0,
    cost: 0,
    durationMs: 1,
    check: null,
    diffPath: null,
    sessionId: `session-${id}`,
    ...(status === 'error' ? { error: { code: 'workspace', message: 'clone failed', retryable: true } } : {}),
  };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const policy = { attempts: 3, backoffMs: 10 };

describe('the Redis task queue', () => {
  it('adds each task id once, however often a batch is submitted', async () => {
    const queue = openQueue();
    const first = await queue.enqueue([task('a'), task('b'), task('c')], policy);
    const second = await queue.enqueue([task('a'), task('b'), task('c'), task('d')], policy);
    expect(first).toEqual({ added: ['a', 'b', 'c'], existing: [] });
    expect(second).toEqual({ added: ['d'], existing: ['a', 'b', 'c'] });
    const records = await queue.records({ batch: 'b' });
    expect(records.map((record) => record.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(records.every((record) => record.state === 'waiting' && record.attempts.length === 0)).toBe(true);
  });

  it('runs every task once and records one completed attempt with its result', async () => {
    const queue = openQueue();
    await queue.enqueue(
      ['t1', 't2', 't3', 't4', 't5'].map((id) => task(id)),
      policy,
    );
    const runs: string[] = [];
    const worker = queue.startWorker({
      concurrency: 2,
      name: 'w1',
      handler: async (queued, context) => {
        runs.push(`${queued.id}#${context.attempt}`);
        return { result: result(queued.id) };
      },
    });
    await until(async () => countStates(await queue.records()).settled);
    await worker.stop();
    expect(runs.sort()).toEqual(['t1#1', 't2#1', 't3#1', 't4#1', 't5#1']);
    const lines = toResultLines(await queue.records());
    expect(lines.map((line) => [line.id, line.state, line.status, line.attempts.length])).toEqual([
      ['t1', 'completed', 'done', 1],
      ['t2', 'completed', 'done', 1],
      ['t3', 'completed', 'done', 1],
      ['t4', 'completed', 'done', 1],
      ['t5', 'completed', 'done', 1],
    ]);
    expect(lines[0]!.attempts[0]).toMatchObject({ attempt: 1, worker: 'w1', outcome: 'completed' });
  });

  it('retries an attempt that ends in error, then dead-letters the task', async () => {
    const queue = openQueue();
    await queue.enqueue([task('flaky'), task('broken')], policy);
    const worker = queue.startWorker({
      concurrency: 1,
      handler: async (queued, context) => ({
        result: result(queued.id, queued.id === 'flaky' && context.attempt === 2 ? 'done' : 'error'),
      }),
    });
    await until(async () => countStates(await queue.records()).settled);
    await worker.stop();
    const [flaky, broken] = toResultLines(await queue.records());
    expect(flaky!.state).toBe('completed');
    expect(flaky!.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'completed']);
    expect(broken!.state).toBe('dead');
    expect(broken!.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(broken!.status).toBe('error');
  });

  it('hands running tasks back on shutdown past the grace period; another worker finishes them', async () => {
    const queue = openQueue();
    await queue.enqueue([task('long')], policy);
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = queue.startWorker({
      concurrency: 1,
      name: 'leaving',
      handler: async (queued, context) => {
        started();
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        return { result: { ...result(queued.id), status: 'aborted', reason: 'aborted' } };
      },
    });
    await startedPromise;
    await first.stop({ graceMs: 100 });
    const second = queue.startWorker({
      concurrency: 1,
      name: 'staying',
      handler: async (queued) => ({ result: result(queued.id) }),
    });
    await until(async () => countStates(await queue.records()).settled);
    await second.stop();
    const [record] = await queue.records();
    expect(record!.state).toBe('completed');
    expect(record!.attempts.map((attempt) => [attempt.worker, attempt.outcome])).toEqual([
      ['leaving', 'handed-back'],
      ['staying', 'completed'],
    ]);
  });

  it('shares a semaphore across connections and never exceeds its limit', async () => {
    const semaphores = [openQueue('sem'), openQueue('sem'), openQueue('sem')].map((queue) =>
      queue.semaphore('key', 2),
    );
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 24 }, async (_, index) => {
        const release = await semaphores[index % 3]!.acquire();
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 5 + (index % 4) * 5));
        inside -= 1;
        await release();
      }),
    );
    expect(most).toBe(2);
  });

  it('frees a slot whose holder stopped renewing it', async () => {
    const queue = openQueue('sem-expiry');
    const client = new Redis(redis.url);
    // A holder that died long ago: its lease expired a minute before now.
    await client.zadd('wright:sem-expiry:semaphore:key', Date.now() - 60_000, 'dead-holder');
    await client.quit();
    const release = await queue.semaphore('key', 1).acquire(AbortSignal.timeout(5_000));
    await release();
  });

  it('stops waiting for a slot when the signal aborts', async () => {
    const semaphore = openQueue('sem-abort').semaphore('key', 1);
    const held = await semaphore.acquire();
    await expect(semaphore.acquire(AbortSignal.timeout(100))).rejects.toThrow();
    await held();
  });
});
