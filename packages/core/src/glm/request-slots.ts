/**
 * A limit on concurrent model requests shared by several clients: Coding Plan keys allow roughly one request at a
 * time, so parallel runs with one key queue instead of failing with 1302 (too much concurrency).
 */
export type RequestSlots = {
  /** Waits for a free slot (first come, first served); resolves with its release, or rejects when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<() => void>;
};

/** Creates `count` slots (an integer ≥ 1). */
export function createRequestSlots(count: number): RequestSlots {
  if (!Number.isInteger(count) || count < 1)
    throw new Error('createRequestSlots: count must be an integer >= 1');
  let free = count;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next === undefined) free++;
    else next();
  };
  return {
    acquire(signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        let released = false;
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(() => {
            if (released) return;
            released = true;
            release();
          });
        };
        const onAbort = () => {
          const at = waiting.indexOf(grant);
          if (at >= 0) waiting.splice(at, 1);
          reject(signal?.reason);
        };
        if (free > 0) {
          free--;
          grant();
          return;
        }
        waiting.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
