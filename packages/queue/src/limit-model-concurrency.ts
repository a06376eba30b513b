import type { ModelClient, ModelEvent, ModelRequest } from '@wright/core';
import type { ConcurrencySemaphore } from './task-queue.js';

/**
 * Wraps a model client so that each request holds a slot of `semaphore` from before it is sent until its reply has
 * ended: with a semaphore shared through the queue, every worker together never has more requests in flight for
 * one key than the semaphore's limit (Z.AI's coding plans allow about one at a time). Waiting for a slot counts as
 * part of the request: aborting the request's signal while waiting ends it as aborted, without sending anything.
 */
export function limitModelConcurrency(model: ModelClient, semaphore: ConcurrencySemaphore): ModelClient {
  return {
    provider: model.provider,
    model: model.model,
    stream: (request) => streamWithSlot(model, semaphore, request),
    async complete(request) {
      const release = await semaphore.acquire(request.signal).catch(() => undefined);
      try {
        return await model.complete(request);
      } finally {
        await release?.();
      }
    },
  };
}

async function* streamWithSlot(
  model: ModelClient,
  semaphore: ConcurrencySemaphore,
  request: ModelRequest,
): AsyncGenerator<ModelEvent> {
  // Only an abort ends the wait early; the client then sees its aborted signal and ends the stream as aborted
  // before sending anything.
  const release = await semaphore.acquire(request.signal).catch(() => undefined);
  try {
    yield* model.stream(request);
  } finally {
    await release?.();
  }
}
