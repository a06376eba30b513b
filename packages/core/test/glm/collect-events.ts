import type { ModelEvent } from '../../src/model-events.js';

/** Drains a model event stream into an array. */
export async function collectEvents(stream: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The last event, which must be `message-end`. */
export function messageEnd(events: ModelEvent[]): Extract<ModelEvent, { type: 'message-end' }> {
  const last = events.at(-1);
  if (last?.type !== 'message-end') throw new Error(`last event is ${last?.type}`);
  return last;
}
