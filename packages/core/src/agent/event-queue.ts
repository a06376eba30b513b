/**
 * An event buffer with any number of async iterators; a producer never waits for consumers. Until the first iterator
 * starts, every event is kept, so a consumer that starts late misses nothing. Once iterators exist, an event is
 * released as soon as every live iterator has taken it (a long run must not keep its whole event history); an
 * iterator that starts later begins at the oldest event still held. With no live iterator, events are kept.
 */
export type EventQueue<Event> = {
  push(event: Event): void;
  /** No more events; iterators finish after draining. */
  close(): void;
  iterate(): AsyncIterator<Event>;
  /** How many events the queue holds right now (for tests and diagnostics). */
  retained(): number;
};

/** Released slots are cut off the front of the buffer once there are this many (amortised O(1) per event). */
const compactAfter = 256;

export function createEventQueue<Event>(): EventQueue<Event> {
  let events: Event[] = [];
  // Absolute index of events[0]; `head` events at the front are released but not yet cut off.
  let base = 0;
  let head = 0;
  let closed = false;
  let waiters: (() => void)[] = [];
  // Absolute positions of the live iterators.
  const cursors = new Set<{ position: number }>();
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };
  const release = () => {
    if (cursors.size === 0) return;
    let lowest = Number.POSITIVE_INFINITY;
    for (const cursor of cursors) if (cursor.position < lowest) lowest = cursor.position;
    const end = Math.min(lowest - base, events.length);
    for (; head < end; head++) events[head] = undefined as Event;
    if (head >= compactAfter && head * 2 >= events.length) {
      events = events.slice(head);
      base += head;
      head = 0;
    }
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
    retained() {
      return events.length - head;
    },
    iterate() {
      const cursor = { position: base + head };
      cursors.add(cursor);
      let stopped = false;
      const stop = () => {
        stopped = true;
        cursors.delete(cursor);
      };
      return {
        async next(): Promise<IteratorResult<Event>> {
          while (!stopped && cursor.position - base >= events.length && !closed) {
            await new Promise<void>((resolve) => waiters.push(resolve));
          }
          const index = cursor.position - base;
          if (!stopped && index < events.length) {
            const value = events[index] as Event;
            cursor.position++;
            release();
            return { value, done: false };
          }
          stop();
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<Event>> {
          stop();
          release();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
