import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentEvent, createSessionJournal, loadSession, runAgent } from '@wright/core';
import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicTools, collect, type Harness, startHarness } from '../agent/harness.js';

let directory: string;
let harness: Harness | undefined;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wright-journal-size-'));
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await rm(directory, { recursive: true, force: true });
});

const deltas = new Set(['text-delta', 'reasoning-delta', 'tool-call-delta']);

/** Runs the scripted turns with a journal; the live events, the journal's size and what loads back. */
async function journaled(turns: Parameters<typeof startHarness>[0]) {
  harness = await startHarness(turns);
  const path = join(directory, 'journal.jsonl');
  const journal = await createSessionJournal(path);
  // Compaction is off: a compaction stores the whole history on purpose, which is not what is measured here.
  const run = runAgent({
    model: harness.model,
    workspace: harness.workspace,
    tools: basicTools(),
    prompt: 'P',
    journal,
    compaction: { enabled: false },
  });
  const events = await collect(run);
  const result = await run.result;
  await journal.close();
  // The journal as it used to be: every live event with its envelope, one per line.
  const everyEvent = events.map((event) => `${JSON.stringify(event)}\n`).join('');
  return {
    path,
    events,
    result,
    size: (await stat(path)).size,
    everyEventSize: Buffer.byteLength(everyEvent),
  };
}

describe('the journal stores each finished message once, not every streamed delta', () => {
  it('1 MiB of tool-call arguments in 8-character deltas: a journal within a small factor of the content', async () => {
    const payload = 'x'.repeat(1024 * 1024);
    const { path, events, result, size, everyEventSize } = await journaled([
      // An unknown tool, so the result is a short error and the size measured is the model's message.
      { ...toolCallTurn([{ id: 'big', name: 'bulk_upload', arguments: { data: payload } }]), chunkSize: 8 },
      textTurn('done'),
    ]);
    expect(events.filter((event) => event.type === 'tool-call-delta').length).toBeGreaterThan(100_000);
    expect(size).toBeLessThan(1.5 * payload.length);
    expect(everyEventSize).toBeGreaterThan(10 * size);
    const loaded = await loadSession(path);
    expect(loaded.messages).toEqual(result.messages);
    expect(loaded.events).toEqual(events.filter((event) => !deltas.has(event.type)));
  });

  it('100k one-character text chunks: a journal within a small factor of the content', async () => {
    const answer = 'a'.repeat(100_000);
    const { path, events, result, size, everyEventSize } = await journaled([
      { ...textTurn(answer, 'r'.repeat(10_000)), chunkSize: 1 },
    ]);
    expect(events.filter((event) => event.type === 'text-delta').length).toBe(100_000);
    // The reply once, and the final answer again in run-end.
    expect(size).toBeLessThan(2.5 * (answer.length + 10_000));
    expect(everyEventSize).toBeGreaterThan(10 * size);
    const loaded = await loadSession(path);
    expect(loaded.messages).toEqual(result.messages);
    expect(loaded.events).toEqual(events.filter((event) => !deltas.has(event.type)));
  });

  it('keeps a reply that was not appended (an aborted stream) whole, and loads it back', async () => {
    const controller = new AbortController();
    harness = await startHarness([{ content: 'slow '.repeat(200), chunkSize: 5, chunkDelayMs: 5 }]);
    const path = join(directory, 'aborted.jsonl');
    const journal = await createSessionJournal(path);
    const run = runAgent({
      model: harness.model,
      workspace: harness.workspace,
      tools: basicTools(),
      prompt: 'P',
      journal,
      signal: controller.signal,
    });
    const events: AgentEvent[] = [];
    for await (const event of run) {
      events.push(event);
      if (event.type === 'text-delta' && events.length > 20) controller.abort();
    }
    await run.result;
    await journal.close();
    const loaded = await loadSession(path);
    expect(loaded.events).toEqual(events.filter((event) => !deltas.has(event.type)));
    const end = loaded.events.find((event) => event.type === 'message-end');
    expect(end).toMatchObject({ type: 'message-end', stopReason: 'aborted' });
  });

  it('still loads a journal written with every delta (before this change)', async () => {
    const { events, result } = await journaled([
      toolCallTurn([{ id: 'c1', name: 'echo', arguments: { text: 'hi' } }], 'think'),
      textTurn('done', 'more'),
    ]);
    const old = join(directory, 'old.jsonl');
    await writeFile(old, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const loaded = await loadSession(old);
    expect(loaded.events).toEqual(events);
    expect(loaded.messages).toEqual(result.messages);
    expect(await readFile(old, 'utf8')).toContain('"type":"text-delta"');
  });

  it("leaves a subagent's nested deltas out too, and keeps its other events", async () => {
    const { createJournalCompactor } = await import('../../src/session/journal-form.js');
    const compactor = createJournalCompactor();
    const envelope = { runId: 'r', sessionId: 's', seq: 0, turn: 1, time: 0 };
    const child = (body: object) => ({ ...envelope, runId: 'child', ...body }) as AgentEvent;
    const nested = (event: AgentEvent) =>
      ({ ...envelope, type: 'subagent-event', parentCallId: 'c1', agent: 'general', event }) as AgentEvent;
    const delta = nested(nested(child({ type: 'text-delta', index: 0, delta: 'x' })));
    const note = nested(child({ type: 'note', level: 'info', message: 'kept' }));
    expect(compactor.push(delta)).toEqual([]);
    expect(compactor.push(note)).toEqual([note]);
  });
});
