/**
 * An append-only event buffer with any number of async iterators. Every iterator sees every event from the first,
 * so a consumer that starts late misses nothing, and a producer never waits for consumers.
 */
export type EventQueue<Event> = {
  push(event: Event): void;
  /** No more events; iterators finish after draining. */
  close(): void;
  iterate(): AsyncIterator<Event>;
};

export function createEventQueue<Event>(): EventQueue<Event> {
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
    iterate() {
      let position = 0;
      let stopped = false;
      return {
        async next(): Promise<IteratorResult<Event>> {
          while (!stopped && position >= events.length && !closed) {
            await new Promise<void>((resolve) => waiters.push(resolve));
          }
          if (!stopped && position < events.length)
            return { value: events[position++] as Event, done: false };
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<Event>> {
          stopped = true;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
