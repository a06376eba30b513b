import { readFile, truncate } from 'node:fs/promises';
import type { AgentEvent } from '@wright/core';

/** A journal read line by line, with where each complete event ends in the file. */
export type JournalLines = {
  /** Complete events in file order. */
  events: AgentEvent[];
  /** Byte offset just after each event's line (same indexes as `events`). */
  ends: number[];
};

/** Reads a session journal; a missing file is empty and a line cut off by a crash is ignored. */
export async function readJournalLines(path: string): Promise<JournalLines> {
  const content = await readFile(path).catch(() => Buffer.alloc(0));
  const events: AgentEvent[] = [];
  const ends: number[] = [];
  let start = 0;
  while (start < content.length) {
    const newline = content.indexOf(0x0a, start);
    if (newline === -1) break;
    const line = content.subarray(start, newline).toString('utf8');
    if (line.trim() !== '') {
      events.push(JSON.parse(line) as AgentEvent);
      ends.push(newline + 1);
    }
    start = newline + 1;
  }
  return { events, ends };
}

/** Cuts the journal to its first `count` events. */
export async function keepJournalEvents(path: string, journal: JournalLines, count: number): Promise<void> {
  const size = count === 0 ? 0 : journal.ends[count - 1]!;
  await truncate(path, size).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Index of the event with this run id and sequence number, or -1. */
export function findJournalEvent(journal: JournalLines, position: { runId: string; seq: number }): number {
  return journal.events.findIndex((event) => event.runId === position.runId && event.seq === position.seq);
}

/**
 * How many leading events form complete turns: everything before a trailing `turn-start` whose `turn-end` never
 * came (a crash mid-step). Events outside turns (run-start, the user message) are kept.
 */
export function completeTurnPrefix(journal: JournalLines): number {
  const { events } = journal;
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index]!;
    if (event.type === 'turn-end' || event.type === 'run-end') return events.length;
    if (event.type === 'turn-start') {
      const ended = events.some(
        (later, laterIndex) =>
          laterIndex > index &&
          later.type === 'turn-end' &&
          later.runId === event.runId &&
          later.turn === event.turn,
      );
      return ended ? events.length : index;
    }
  }
  return events.length;
}
