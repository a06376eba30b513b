import type { Redis } from 'ioredis';
import type { TaskAttempt } from '../task-queue.js';

/**
 * Attempt records in Redis, apart from the engine's own job data so that they outlive its retention settings:
 * `<prefix>:attempts:<id>` is a hash from attempt number to the attempt's JSON, `<prefix>:attempt-count:<id>`
 * numbers attempts across all workers.
 */
export type AttemptStore = {
  /** Numbers and records a new running attempt; earlier attempts still marked running are marked lost. */
  begin(id: string, worker: string): Promise<TaskAttempt>;
  /** Replaces an attempt's record (its outcome, result, artefacts). */
  finish(id: string, attempt: TaskAttempt): Promise<void>;
  /** Every attempt of a task, oldest first. */
  list(id: string): Promise<TaskAttempt[]>;
};

export function createAttemptStore(redis: Redis, prefix: string): AttemptStore {
  const attemptsKey = (id: string) => `${prefix}:attempts:${id}`;
  const list = async (id: string): Promise<TaskAttempt[]> => {
    const fields = await redis.hgetall(attemptsKey(id));
    return Object.values(fields)
      .map((text) => JSON.parse(text) as TaskAttempt)
      .sort((left, right) => left.attempt - right.attempt);
  };
  return {
    async begin(id, worker) {
      const number = await redis.incr(`${prefix}:attempt-count:${id}`);
      const attempt: TaskAttempt = {
        attempt: number,
        worker,
        startedAt: new Date().toISOString(),
        outcome: 'running',
      };
      // The engine hands a task out again only after the previous holder's lock expired: a still-running record
      // belongs to a worker that died.
      const lost = (await list(id)).filter((previous) => previous.outcome === 'running');
      const writes: Record<string, string> = { [String(number)]: JSON.stringify(attempt) };
      for (const previous of lost)
        writes[String(previous.attempt)] = JSON.stringify({ ...previous, outcome: 'lost' });
      await redis.hset(attemptsKey(id), writes);
      return attempt;
    },
    async finish(id, attempt) {
      await redis.hset(attemptsKey(id), String(attempt.attempt), JSON.stringify(attempt));
    },
    list,
  };
}
