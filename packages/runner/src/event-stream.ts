/** A buffered event stream: any number of iterators each see every event from the first. */
export type EventStream<Event> = AsyncIterable<Event> & {
  push(event: Event): void;
  /** No more events; iterators finish after draining. */
  close(): void;
};

export function createEventStream<Event>(): EventStream<Event> {
  const events: Event[] = [];
  let closed = false;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };
  return {
    push(event) {
      if (closed) return;
      events.push(event);
      wake();
    },
    close() {
      closed = true;
      wake();
    },
    [Symbol.asyncIterator]() {
      let position = 0;
      return {
        async next(): Promise<IteratorResult<Event>> {
          while (position >= events.length && !closed)
            await new Promise<void>((resolve) => waiters.push(resolve));
          if (position < events.length) return { value: events[position++] as Event, done: false };
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<Event>> {
          position = Number.POSITIVE_INFINITY;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
