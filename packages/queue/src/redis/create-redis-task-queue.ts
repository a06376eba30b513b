import { hostname } from 'node:os';
import type { BatchResult } from '@wright/runner';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type {
  QueuedTask,
  TaskAttempt,
  TaskQueue,
  TaskRecord,
  TaskState,
  TaskWorker,
  TaskWorkerOptions,
} from '../task-queue.js';
import { createAttemptStore } from './attempt-store.js';
import { parseQueueUrl } from './parse-queue-url.js';
import { createRedisSemaphore } from './redis-semaphore.js';

/** Options of `createRedisTaskQueue`. */
export type RedisTaskQueueOptions = {
  /** `redis://HOST:PORT/DB[?name=queue]`. */
  url: string;
  /**
   * Times a task may be taken back from a worker that died before it is dead-lettered (BullMQ's
   * `maxStalledCount`). Default 3.
   */
  maxLostAttempts?: number;
};

/**
 * The task queue on BullMQ and Redis. Job ids are task ids, so re-submitting a tasks file adds nothing; attempts
 * and batch membership live under `wright:<name>:…` keys next to BullMQ's `bull:<name>:…` ones.
 */
export function createRedisTaskQueue(options: RedisTaskQueueOptions): TaskQueue {
  const address = parseQueueUrl(options.url);
  const connections: Redis[] = [];
  const connect = () => {
    // BullMQ's blocking commands need `maxRetriesPerRequest: null`; each worker gets a connection of its own.
    const redis = new Redis(address.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    redis.on('error', () => undefined);
    connections.push(redis);
    return redis;
  };
  const commands = connect();
  const queue = new Queue(address.name, { connection: commands });
  queue.on('error', () => undefined);
  const prefix = `wright:${address.name}`;
  const attempts = createAttemptStore(commands, prefix);
  const batchKey = (batch: string) => `${prefix}:batch:${batch}`;

  const taskIds = async (batch?: string): Promise<Array<{ id: string; batch: string }>> => {
    const batches = batch === undefined ? await commands.zrange(`${prefix}:batches`, 0, -1) : [batch];
    const lists = await Promise.all(
      batches.map(async (name) =>
        (await commands.zrange(batchKey(name), 0, -1)).map((id) => ({ id, batch: name })),
      ),
    );
    return lists.flat();
  };

  return {
    async enqueue(tasks, policy) {
      const report = { added: [] as string[], existing: [] as string[] };
      for (const task of tasks) {
        if (await queue.getJob(task.id)) {
          report.existing.push(task.id);
          continue;
        }
        await queue.add('task', task, {
          jobId: task.id,
          attempts: policy.attempts,
          backoff: { type: 'exponential', delay: policy.backoffMs },
          removeOnComplete: false,
          removeOnFail: false,
        });
        const order = await commands.incr(`${prefix}:order`);
        await commands.zadd(`${prefix}:batches`, 'NX', order, task.batch);
        await commands.zadd(batchKey(task.batch), 'NX', order, task.id);
        report.added.push(task.id);
      }
      return report;
    },

    async batches() {
      return commands.zrange(`${prefix}:batches`, 0, -1);
    },

    async records(filter) {
      const entries = await taskIds(filter?.batch);
      return Promise.all(
        entries.map(async ({ id, batch }): Promise<TaskRecord> => {
          const [state, list] = await Promise.all([queue.getJobState(id), attempts.list(id)]);
          const result = settledResult(list);
          return { id, batch, state: taskState(state), attempts: list, ...(result ? { result } : {}) };
        }),
      );
    },

    startWorker(workerOptions) {
      return startWorker(workerOptions);
    },

    semaphore(name, limit) {
      return createRedisSemaphore({ redis: commands, key: `${prefix}:semaphore:${name}`, limit });
    },

    async close() {
      await queue.close().catch(() => undefined);
      await Promise.all(connections.map((redis) => redis.quit().catch(() => redis.disconnect())));
    },
  };

  function startWorker(workerOptions: TaskWorkerOptions): TaskWorker {
    const name = workerOptions.name ?? `${hostname()}:${process.pid}`;
    const lockDuration = workerOptions.lockDurationMs ?? 30_000;
    const emit = workerOptions.onEvent ?? (() => undefined);
    const running = new Map<string, AbortController>();
    let handingBack = false;

    const processor = async (job: Job<QueuedTask>, token?: string): Promise<BatchResult> => {
      const task = job.data;
      const controller = new AbortController();
      running.set(task.id, controller);
      try {
        const attempt = await attempts.begin(task.id, name);
        emit({ type: 'attempt-start', id: task.id, attempt: attempt.attempt });
        const outcome = await workerOptions.handler(task, {
          attempt: attempt.attempt,
          worker: name,
          signal: controller.signal,
        });
        const ended: TaskAttempt = {
          ...attempt,
          endedAt: new Date().toISOString(),
          outcome: 'completed',
          result: outcome.result,
          ...(outcome.result.error ? { error: outcome.result.error } : {}),
          ...(outcome.artefacts ? { artefacts: outcome.artefacts } : {}),
        };
        if (controller.signal.aborted && handingBack) {
          await attempts.finish(task.id, { ...ended, outcome: 'handed-back' });
          emit({ type: 'attempt-end', id: task.id, attempt: attempt.attempt, outcome: 'handed-back' });
          // BullMQ's way to return a job unfinished without counting a failed attempt.
          await job.moveToDelayed(Date.now(), token);
          throw new DelayedError();
        }
        if (outcome.result.status === 'error') {
          await attempts.finish(task.id, { ...ended, outcome: 'failed' });
          emit({
            type: 'attempt-end',
            id: task.id,
            attempt: attempt.attempt,
            outcome: 'failed',
            result: outcome.result,
          });
          throw new Error(outcome.result.error?.message ?? `task ${task.id} failed`);
        }
        // A worker that stalled past its lock may already have been replaced by another attempt: only the
        // holder of the lock may record the task as done, so that it is done once in effect.
        if (token !== undefined && (await job.extendLock(token, lockDuration)) === 0) {
          await attempts.finish(task.id, { ...ended, outcome: 'lost' });
          emit({
            type: 'attempt-end',
            id: task.id,
            attempt: attempt.attempt,
            outcome: 'lost',
            result: outcome.result,
          });
          throw new Error(
            `task ${task.id}: the lock was lost to another worker; this attempt's result is not used`,
          );
        }
        await attempts.finish(task.id, ended);
        emit({
          type: 'attempt-end',
          id: task.id,
          attempt: attempt.attempt,
          outcome: 'completed',
          result: outcome.result,
        });
        return outcome.result;
      } finally {
        running.delete(task.id);
      }
    };

    const worker = new Worker<QueuedTask, BatchResult>(address.name, processor, {
      connection: connect(),
      concurrency: Math.max(1, Math.floor(workerOptions.concurrency)),
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: options.maxLostAttempts ?? 3,
      removeOnComplete: { count: Number.MAX_SAFE_INTEGER },
      removeOnFail: { count: Number.MAX_SAFE_INTEGER },
    });
    worker.on('error', (error) => emit({ type: 'worker-error', message: error.message }));

    return {
      running: () => running.size,
      async stop(stopOptions) {
        const closing = worker.close();
        const grace = setTimeout(() => {
          handingBack = true;
          for (const controller of running.values())
            controller.abort(new Error('the worker is shutting down'));
        }, stopOptions?.graceMs ?? 60_000);
        try {
          await closing;
        } finally {
          clearTimeout(grace);
        }
      },
    };
  }
}

function taskState(state: string): TaskState {
  switch (state) {
    case 'waiting':
    case 'prioritized':
    case 'waiting-children':
      return 'waiting';
    case 'delayed':
      return 'delayed';
    case 'active':
      return 'active';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'dead';
    default:
      return 'unknown';
  }
}

function settledResult(attempts: TaskAttempt[]): BatchResult | undefined {
  const completed = attempts.filter((attempt) => attempt.outcome === 'completed' && attempt.result);
  const withResult = attempts.filter((attempt) => attempt.result);
  return (completed.at(-1) ?? withResult.at(-1))?.result;
}
