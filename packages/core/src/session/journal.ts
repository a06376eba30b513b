import { appendFile, mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AgentEvent } from '../agent-events.js';
import { toErrorData, wrightError } from '../errors.js';
import { createJournalCompactor } from './journal-form.js';

/**
 * An append-only JSONL file holding the events of a session, one per line: every event except the streamed deltas,
 * each finished message stored once (see journal-form.ts; `loadSession` puts the omitted copies back).
 */
export type SessionJournal = {
  /** Absolute or relative path of the file. */
  readonly path: string;
  /**
   * Queues one event for writing; writes keep call order. Never throws (a failure surfaces on `flush`). A reply's
   * events are held until its end (and the `message` event that appends it), then written at once.
   */
  append(event: AgentEvent): void;
  /** Resolves once every appended event is written and fsynced; rejects with a `session` error on failure. */
  flush(): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
};

/**
 * Opens (or creates) a session journal for appending. A last line cut off by a crash is removed first (or, when it
 * is a complete event, ended with its newline), so new events start on a line of their own.
 */
export async function createSessionJournal(path: string): Promise<SessionJournal> {
  await mkdir(dirname(path), { recursive: true });
  await dropPartialLastLine(path);
  const handle = await open(path, 'a');
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  let closed = false;
  const compactor = createJournalCompactor();
  const enqueue = (work: () => Promise<unknown>) => {
    chain = chain.then(async () => {
      if (failure !== undefined) return;
      try {
        await work();
      } catch (error) {
        failure = error;
      }
    });
    return chain;
  };
  const write = (events: AgentEvent[]) => {
    if (events.length === 0) return;
    let lines = '';
    for (const event of events) lines += `${JSON.stringify(event)}\n`;
    enqueue(() => handle.write(lines));
  };
  const check = () => {
    if (failure !== undefined) {
      throw wrightError(
        'session',
        `Could not write the session journal ${path}: ${toErrorData(failure).message}`,
      );
    }
  };
  return {
    path,
    append(event) {
      if (closed) return;
      write(compactor.push(event));
    },
    async flush() {
      write(compactor.release());
      await enqueue(() => handle.sync());
      check();
    },
    async close() {
      if (closed) return;
      write(compactor.release());
      await enqueue(() => handle.sync());
      closed = true;
      await handle.close();
      check();
    },
  };
}

async function dropPartialLastLine(path: string): Promise<void> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw wrightError('session', `Could not read the session journal ${path}: ${toErrorData(error).message}`);
  }
  if (content.length === 0 || content[content.length - 1] === 0x0a) return;
  const lineStart = content.lastIndexOf(0x0a) + 1;
  // A complete event that only lacks its newline is kept (loadSession reads it too).
  if (isJson(content.subarray(lineStart).toString('utf8'))) await appendFile(path, '\n');
  else await truncate(path, lineStart);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
