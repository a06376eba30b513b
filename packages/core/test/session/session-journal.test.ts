import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionJournal, loadSession, reduceEvents, runAgent } from '@wright/core';
import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicTools, collect, type Harness, startHarness } from '../agent/harness.js';

let directory: string;
let harness: Harness | undefined;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wright-session-'));
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await rm(directory, { recursive: true, force: true });
});

describe('session journal', () => {
  it('stores every event as one JSONL line and loads the history back, reasoning included', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }], '  reasoning one\n'),
      textTurn('done', 'reasoning two ✓'),
    ]);
    const path = join(directory, 'nested', 'session.jsonl');
    const journal = await createSessionJournal(path);
    const { model, workspace } = harness;
    const run = runAgent({
      model,
      workspace,
      tools: basicTools(),
      system: 'S',
      prompt: 'P',
      sessionId: 's-1',
      journal,
    });
    const events = await collect(run);
    const result = await run.result;
    await journal.close();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(events.length);
    const loaded = await loadSession(path);
    expect(loaded).toEqual({ sessionId: 's-1', messages: result.messages, events, truncated: false });
    expect(
      loaded.messages.filter((message) => message.role === 'assistant').map((message) => message.reasoning),
    ).toEqual(['  reasoning one\n', 'reasoning two ✓']);
  });

  it('loads a journal whose last line was cut off, and reopening it drops the partial line', async () => {
    const path = join(directory, 'cut.jsonl');
    const event = (seq: number, message: string) =>
      JSON.stringify({
        runId: 'r',
        sessionId: 's',
        seq,
        turn: 0,
        time: 0,
        type: 'message',
        message: { role: 'user', content: message },
      });
    await writeFile(path, `${event(0, 'first')}\n${event(1, 'second').slice(0, 40)}`);
    const loaded = await loadSession(path);
    expect(loaded.truncated).toBe(true);
    expect(loaded.messages).toEqual([{ role: 'user', content: 'first' }]);

    const journal = await createSessionJournal(path);
    journal.append(JSON.parse(event(1, 'third')));
    await journal.close();
    const reloaded = await loadSession(path);
    expect(reloaded.truncated).toBe(false);
    expect(reloaded.messages.map((message) => message.content)).toEqual(['first', 'third']);
  });

  it('refuses a journal with an unreadable line in the middle', async () => {
    const path = join(directory, 'bad.jsonl');
    await writeFile(path, '{"runId":"r","sessionId":"s","seq":0,"turn":0,"time":0,"type":"note"}\n{oops\n');
    await appendFile(path, '{"runId":"r","sessionId":"s","seq":1,"turn":0,"time":0,"type":"note"}\n');
    await expect(loadSession(path)).rejects.toMatchObject({ code: 'session' });
  });

  it('reduceEvents folds compaction-end as a replacement of the history', () => {
    const envelope = { runId: 'r', sessionId: 's', turn: 0, time: 0 };
    const reduced = reduceEvents([
      { ...envelope, seq: 0, type: 'message', message: { role: 'user', content: 'a' } },
      { ...envelope, seq: 1, type: 'message', message: { role: 'assistant', content: 'b', reasoning: 'x' } },
      {
        ...envelope,
        seq: 2,
        type: 'compaction-end',
        stage: 'summary',
        contextTokens: 1,
        messages: [{ role: 'user', content: 'a' }],
      },
      { ...envelope, seq: 3, type: 'message', message: { role: 'user', content: 'c' } },
    ]);
    expect(reduced.messages).toEqual([
      { role: 'user', content: 'a' },
      { role: 'user', content: 'c' },
    ]);
  });

  it('fails loudly (not silently) when a journal cannot be read', async () => {
    await expect(loadSession(join(directory, 'missing.jsonl'))).rejects.toMatchObject({ code: 'session' });
  });
});
