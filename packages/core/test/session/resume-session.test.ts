import { mkdtemp, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionJournal, loadSession } from '@wright/core';
import {
  type RecordedRequest,
  type ScriptedServer,
  type TurnScript,
  textTurn,
  toolCallTurn,
} from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicTools, type Harness, runChecked, startHarness } from '../agent/harness.js';
import { renderTemplate } from '../agent/render-template.js';

let directory: string;
const harnesses: Harness[] = [];
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wright-resume-'));
});
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
  await rm(directory, { recursive: true, force: true });
});

const task: TurnScript[] = [
  toolCallTurn([{ id: 'c1', name: 'echo', arguments: { text: 'look' } }], ' first thought\n'),
  toolCallTurn(
    [{ id: 'c2', name: 'write_file', arguments: { path: 'out.txt', content: 'X' } }],
    'second «thought»',
  ),
  textTurn('Task done.', 'third thought'),
  textTurn('Follow-up done.', 'fourth thought'),
];

/** The exact bytes of a request body, minus the per-attempt request_id (which the client always puts last). */
const bytes = (request: RecordedRequest) => request.rawBody.replace(/,"request_id":"[^"]*"}$/, '}');

async function start(turns: TurnScript[]): Promise<Harness> {
  const harness = await startHarness(turns);
  harnesses.push(harness);
  return harness;
}

/** Runs one session step: load the journal (if any), run, close the journal. */
async function step(harness: Harness, path: string, options: { prompt?: string; signal?: AbortSignal }) {
  let messages: Awaited<ReturnType<typeof loadSession>>['messages'] = [];
  let sessionId: string | undefined;
  try {
    const loaded = await loadSession(path);
    messages = loaded.messages;
    sessionId = loaded.sessionId;
  } catch {
    // A new session.
  }
  const journal = await createSessionJournal(path);
  const { model, workspace } = harness;
  const { result } = await runChecked({
    model,
    workspace,
    tools: basicTools(),
    journal,
    ...(messages.length === 0 ? { system: 'You are Wright.' } : { messages }),
    ...(sessionId ? { sessionId } : {}),
    ...options,
  });
  await journal.close();
  return result;
}

/** Cuts the journal in the middle of its line number `line` (1-based), as a crash mid-write would. */
async function cutJournal(path: string, line: number): Promise<void> {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  const offset =
    lines.slice(0, line - 1).join('\n').length + 1 + Math.floor((lines[line - 1]?.length ?? 0) / 2);
  await truncate(path, Buffer.byteLength(text.slice(0, offset)));
}

describe('resuming a killed session', () => {
  it('sends exactly the bytes a session that never stopped sends', async () => {
    const reference = await start(task);
    const referencePath = join(directory, 'reference.jsonl');
    expect((await step(reference, referencePath, { prompt: 'Do the task.' })).reason).toBe('done');
    expect((await step(reference, referencePath, { prompt: 'And a follow-up.' })).reason).toBe('done');
    expect(reference.server.requests).toHaveLength(4);

    // The killed session hangs on its third request, is aborted, and its journal loses half of its last line.
    const controller = new AbortController();
    const killed = await start([
      task[0] as TurnScript,
      task[1] as TurnScript,
      () => {
        controller.abort();
        return { fault: { kind: 'hang' } };
      },
      ...task.slice(2),
    ]);
    const path = join(directory, 'killed.jsonl');
    expect((await step(killed, path, { prompt: 'Do the task.', signal: controller.signal })).reason).toBe(
      'aborted',
    );
    const lineCount = (await readFile(path, 'utf8')).trimEnd().split('\n').length;
    await cutJournal(path, lineCount);
    expect((await loadSession(path)).truncated).toBe(true);

    expect((await step(killed, path, {})).reason).toBe('done');
    expect((await step(killed, path, { prompt: 'And a follow-up.' })).reason).toBe('done');

    const sent = (server: ScriptedServer) => server.requests.map(bytes);
    const killedRequests = sent(killed.server);
    expect(killedRequests).toHaveLength(5);
    // Request 3 was cut short by the kill; every request the model answered matches the reference byte for byte.
    expect([killedRequests[0], killedRequests[1], killedRequests[3], killedRequests[4]]).toEqual(
      sent(reference.server),
    );
    const finalSession = await loadSession(path);
    expect(
      finalSession.messages.filter((message) => message.role === 'assistant').map((m) => m.reasoning),
    ).toEqual([' first thought\n', 'second «thought»', 'third thought', 'fourth thought']);
  });

  it('answers a call whose result was lost and keeps every earlier byte of the history', async () => {
    const harness = await start([task[0] as TurnScript, task[1] as TurnScript, task[2] as TurnScript]);
    const path = join(directory, 'lost.jsonl');
    expect((await step(harness, path, { prompt: 'Do the task.' })).reason).toBe('done');
    // Simulate a crash while the second tool result was being written: cut the journal inside that line.
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const lastToolLine = lines.findLastIndex((line) => line.includes('"role":"tool"')) + 1;
    await truncate(path, Buffer.byteLength(lines.slice(0, lastToolLine - 1).join('\n')) + 20);
    const loaded = await loadSession(path);
    expect(loaded.truncated).toBe(true);
    const dangling = loaded.messages.at(-1);
    expect(dangling).toMatchObject({ role: 'assistant', toolCalls: [{ id: 'c2' }] });

    const resumed = await start([textTurn('Recovered.')]);
    expect((await step(resumed, path, {})).reason).toBe('done');
    const before = harness.server.requests[1] as RecordedRequest;
    const after = resumed.server.requests[0] as RecordedRequest;
    // Everything the second request sent is still sent, byte for byte (in template order), and the lost call now
    // has exactly one result explaining what happened.
    expect(renderTemplate(after.body).startsWith(renderTemplate(before.body))).toBe(true);
    const last = after.body.messages.at(-1);
    expect(last).toMatchObject({ role: 'tool', tool_call_id: 'c2' });
    expect(last.content).toMatch(/session stopped before write_file finished/);
  });
});
