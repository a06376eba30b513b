import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AgentEvent,
  createGlmClient,
  createSessionJournal,
  loadSession,
  reduceEvents,
  runAgent,
  type SessionJournal,
} from '@wright/core';
import { checkAgentEventProtocol, startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
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
  it('stores every event but the deltas as one JSONL line and loads the history back, reasoning included', async () => {
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
    // Every event but the streamed deltas, one per line; loading puts back what the journal stores only once.
    const stored = events.filter((event) => !event.type.endsWith('-delta'));
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(stored.length);
    const loaded = await loadSession(path);
    expect(loaded).toEqual({ sessionId: 's-1', messages: result.messages, events: stored, truncated: false });
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

  it('flushes every turn boundary to disk before the next turn starts, and the end of the run', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }]),
      toolCallTurn([{ name: 'echo', arguments: { text: 'b' } }]),
      textTurn('done'),
    ]);
    const log: string[] = [];
    const journal: SessionJournal = {
      path: join(directory, 'recorded.jsonl'),
      append: (event: AgentEvent) => log.push(event.type),
      async flush() {
        log.push('flush-start');
        // A slow disk: the loop must wait for the flush before it goes on.
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push('flush-done');
      },
      close: async () => {},
    };
    const { model, workspace } = harness;
    await runAgent({ model, workspace, tools: basicTools(), prompt: 'P', journal }).result;
    const boundaries = log.flatMap((entry, index) =>
      entry === 'turn-end' || entry === 'run-end' ? [index] : [],
    );
    expect(boundaries).toHaveLength(4);
    for (const index of boundaries)
      expect(log.slice(index + 1, index + 3)).toEqual(['flush-start', 'flush-done']);
    // No other flushes.
    expect(log.filter((entry) => entry.startsWith('flush'))).toHaveLength(8);
  });

  it('never writes the API key into the journal, even when the provider echoes it', async () => {
    const apiKey = 'sk-journal-secret-31415926535';
    const echo = `Invalid API key ${apiKey} (header "Authorization: Bearer ${apiKey}")`;
    const server = await startScriptedServer({
      turns: [
        toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }]),
        {
          content: 'partial answer',
          fault: { kind: 'stream-error', afterChunks: 1, code: 1234, message: echo },
        },
        { fault: { kind: 'http-error', status: 401, code: 1002, message: echo } },
      ],
    });
    const root = await mkdtemp(join(tmpdir(), 'wright-secret-'));
    try {
      const path = join(directory, 'secret.jsonl');
      const journal = await createSessionJournal(path);
      const model = createGlmClient({ apiKey, baseUrl: server.baseUrl, retryBaseDelayMs: 5 });
      const run = runAgent({
        model,
        workspace: { root, applyChanges: async () => {} },
        tools: basicTools(),
        prompt: 'P',
        journal,
      });
      const events = await collect(run);
      const result = await run.result;
      await journal.close();
      expect(checkAgentEventProtocol(events)).toEqual([]);
      expect(result.reason).toBe('error');
      expect(result.error).toMatchObject({ code: 'auth', providerCode: '1002' });
      const text = await readFile(path, 'utf8');
      // The echoed errors did reach the journal (a retry, then the final error), only without the key.
      expect(text).toContain('"type":"message-retry"');
      expect(text).toContain('Invalid API key [redacted]');
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain('31415926535');
      expect(JSON.stringify(result)).not.toContain(apiKey);
    } finally {
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('fails loudly (not silently) when a journal cannot be read', async () => {
    await expect(loadSession(join(directory, 'missing.jsonl'))).rejects.toMatchObject({ code: 'session' });
  });
});
