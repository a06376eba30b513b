import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ConcurrencySemaphore } from '../task-queue.js';

// Slots are members of a sorted set scored by their lease's expiry (Redis server time, so workers' clocks do not
// matter). A holder renews its lease while it works; a holder that dies stops renewing and its slot frees itself.
const acquireScript = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0`;

const renewScript = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[1]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
  return 1
end
return 0`;

/** Options of `createRedisSemaphore`. */
export type RedisSemaphoreOptions = {
  redis: Redis;
  /** The sorted set holding the slots. */
  key: string;
  /** Slots at most. */
  limit: number;
  /** A slot's lease; renewed every third of it while held. Default 30 s. */
  leaseMs?: number;
  /** Polling interval while all slots are taken (jittered). Default 50 ms. */
  pollMs?: number;
};

/** A semaphore over Redis that holds across processes and machines; see the comment on the scripts. */
export function createRedisSemaphore(options: RedisSemaphoreOptions): ConcurrencySemaphore {
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 50;
  const { redis, key, limit } = options;
  return {
    async acquire(signal) {
      const token = randomUUID();
      for (;;) {
        signal?.throwIfAborted();
        const granted = await redis.eval(acquireScript, 1, key, limit, leaseMs, token).catch(() => 0);
        if (granted === 1) break;
        await sleep(pollMs / 2 + Math.random() * pollMs, signal);
      }
      const renewal = setInterval(
        () => void redis.eval(renewScript, 1, key, leaseMs, token).catch(() => undefined),
        Math.max(10, Math.floor(leaseMs / 3)),
      );
      renewal.unref();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        clearInterval(renewal);
        await redis.zrem(key, token).catch(() => undefined);
      };
    },
  };
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, milliseconds);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
