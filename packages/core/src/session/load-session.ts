import { readFile } from 'node:fs/promises';
import { reduceEvents } from '../agent/reduce-events.js';
import type { AgentEvent } from '../agent-events.js';
import { toErrorData, wrightError } from '../errors.js';
import type { Message } from '../messages.js';
import type { Plan } from '../plan.js';
import { expandJournalEvents } from './journal-form.js';

/** A session read back from its journal. */
export type LoadedSession = {
  /** The session id of the journal's events. */
  sessionId: string;
  /** The history rebuilt from the events, reasoning byte for byte; continue it with `runAgent({ messages })`. */
  messages: Message[];
  /**
   * Every complete event, in file order, with the copies the journal leaves out put back (a finished reply's text,
   * arguments and inputs); streamed deltas are not stored, except in journals written before they were dropped.
   */
  events: AgentEvent[];
  /** The model's plan (the last `plan` event), to pass on as `runAgent({ plan })` when continuing. */
  plan?: Plan;
  /** True when the last line was cut off (a crash mid-write) and was skipped. */
  truncated: boolean;
};

/**
 * Reads a JSONL session journal. A cut-off last line is skipped; any other unreadable line is a `session` error,
 * because silently skipping it could drop a message from the middle of the history.
 */
export async function loadSession(path: string): Promise<LoadedSession> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw wrightError('session', `Could not read the session journal ${path}: ${toErrorData(error).message}`);
  }
  const lines = text.split('\n');
  const lastComplete = text.endsWith('\n') ? lines.length - 1 : lines.length - 2;
  const events: AgentEvent[] = [];
  let truncated = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line) as AgentEvent);
    } catch {
      if (index > lastComplete || index === lines.length - 1) {
        truncated = true;
        return;
      }
      throw wrightError('session', `Session journal ${path} has an unreadable line ${index + 1}.`);
    }
  });
  const first = events[0];
  if (first === undefined) throw wrightError('session', `Session journal ${path} has no events.`);
  const expanded = expandJournalEvents(events);
  const reduced = reduceEvents(expanded);
  return {
    sessionId: first.sessionId,
    messages: reduced.messages,
    ...(reduced.plan === undefined ? {} : { plan: reduced.plan }),
    events: expanded,
    truncated,
  };
}
