import { expect } from 'vitest';
import type { ModelEvent } from '../../src/model-events.js';

/** Asserts the documented event order: each attempt opens with message-start, message-end is once and last. */
export function checkModelEvents(events: ModelEvent[]): void {
  expect(events[0]?.type).toBe('message-start');
  expect(events.filter((event) => event.type === 'message-end')).toHaveLength(1);
  expect(events.at(-1)?.type).toBe('message-end');
  let expectedAttempt = 1;
  events.forEach((event, position) => {
    if (event.type === 'message-start') expect(event.attempt).toBe(expectedAttempt++);
    if (event.type === 'message-retry') {
      const next = events[position + 1];
      expect(next?.type === 'message-start' || next?.type === 'message-end').toBe(true);
    }
  });
}
