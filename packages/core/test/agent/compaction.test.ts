import { type AgentEvent, runAgent } from '@wright/core';
import { checkAgentEventProtocol, type RecordedRequest, type ScriptedTurn, textTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collect, type Harness, makeTool, runChecked, startHarness } from './harness.js';
import { renderTemplate } from './render-template.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const bigRead = makeTool({
  name: 'big_read',
  input: z.object({ part: z.number() }),
  run: async ({ part }) => ({ output: `part ${part}: ${'x'.repeat(3000)}` }),
});

const reasoningOf = (step: number) => `step ${step} reasoning ${'thinking '.repeat(150)}`;
const isSummaryRequest = (request: RecordedRequest) => request.body.tools === undefined;

/** A model that reads `steps` parts (one per request), then answers; tool-less requests get a summary. */
function longTask(
  steps: number,
  extra?: (request: RecordedRequest, step: number) => ScriptedTurn | undefined,
) {
  let step = 0;
  return (request: RecordedRequest): ScriptedTurn => {
    if (isSummaryRequest(request)) {
      return {
        content: 'SUMMARY: task = read all parts; constraint = no writes; state = parts read so far.',
      };
    }
    const override = extra?.(request, step);
    if (override !== undefined) return override;
    step++;
    if (step > steps) return { content: 'All parts read.', reasoning: 'wrap up' };
    const call = { id: `p${step}`, name: 'big_read', arguments: { part: step } };
    return { reasoning: reasoningOf(step), toolCalls: [call], chunkSize: 4096 };
  };
}

type WireMessage = { role: string; reasoning_content?: string };
const assistants = (request: RecordedRequest): WireMessage[] =>
  request.body.messages.filter((message: WireMessage) => message.role === 'assistant');

type WireCall = { id: string };
type WireEntry = { role: string; tool_calls?: WireCall[]; tool_call_id?: string };

/** Problems with call/result pairing in a wire history: results without their call, calls without one result. */
function unpairedToolMessages(messages: WireEntry[]): string[] {
  const problems: string[] = [];
  const open = new Map<string, number>();
  for (const message of messages) {
    if (message.role === 'assistant') {
      for (const [id] of open) problems.push(`call ${id} has no result before the next assistant message`);
      open.clear();
      for (const call of message.tool_calls ?? []) open.set(call.id, 0);
    }
    if (message.role === 'tool') {
      const id = message.tool_call_id ?? '';
      if (!open.has(id)) problems.push(`result ${id} does not follow its call`);
      open.delete(id);
    }
  }
  for (const [id] of open) problems.push(`call ${id} has no result`);
  return problems;
}

describe('context compaction', () => {
  it('stubs old tool outputs, then summarises older whole turns, and the long run still finishes', async () => {
    harness = await startHarness([longTask(14)], { loop: true });
    const { model, workspace, server } = harness;
    const run = runAgent({
      model,
      workspace,
      tools: [bigRead],
      system: 'SYSTEM PROMPT',
      prompt: 'Read every part. Constraint: never write files.',
      contextWindow: 6000,
    });
    const events = await collect(run);
    const result = await run.result;
    expect(result.reason).toBe('done');
    expect(result.text).toBe('All parts read.');
    expect(checkAgentEventProtocol(events)).toEqual([]);

    const compactions = events.filter(
      (event): event is Extract<AgentEvent, { type: 'compaction-end' }> => event.type === 'compaction-end',
    );
    expect(compactions.some((event) => event.stage === 'tool-outputs')).toBe(true);
    expect(compactions.some((event) => event.stage === 'summary')).toBe(true);
    const requests = server.requests;
    expect(requests.some((request) => request.rawBody.includes('[Output removed to save context'))).toBe(
      true,
    );

    const summaryIndex = requests.findIndex(isSummaryRequest);
    expect(summaryIndex).toBeGreaterThan(0);
    const summaryRequest = requests[summaryIndex] as RecordedRequest;
    expect(summaryRequest.body.thinking.type).toBe('disabled');
    expect(summaryRequest.body.messages.at(-1).content).toMatch(/Keep: the task exactly as given/);
    // The request after the summary: original system, original task, summary note, then whole recent turns.
    const after = requests[summaryIndex + 1] as RecordedRequest;
    const [system, user, note, next] = after.body.messages;
    expect(system).toEqual({ role: 'system', content: 'SYSTEM PROMPT' });
    expect(user).toEqual({ role: 'user', content: 'Read every part. Constraint: never write files.' });
    expect(note.role).toBe('system');
    expect(note.content).toContain('SUMMARY: task = read all parts');
    expect(next.role).toBe('assistant');

    // Reasoning is never edited: every replayed reasoning is byte-identical to one the model produced.
    const produced = new Set([
      ...Array.from({ length: 14 }, (_, index) => reasoningOf(index + 1)),
      'wrap up',
    ]);
    for (const request of requests)
      for (const message of assistants(request)) {
        expect(produced.has(message.reasoning_content ?? '')).toBe(true);
      }
    // Only whole turns were dropped: in every request each tool call has exactly one result after it, every result
    // follows its call, and the task's one user message is still there.
    for (const request of requests) {
      expect(unpairedToolMessages(request.body.messages)).toEqual([]);
      // biome-ignore lint/suspicious/noExplicitAny: wire JSON
      const users = request.body.messages.filter((message: any) => message.role === 'user');
      expect(users).toEqual([{ role: 'user', content: 'Read every part. Constraint: never write files.' }]);
    }
    // Without compaction in between, each main request's rendering extends the previous one byte for byte.
    const main = requests
      .filter((request) => !isSummaryRequest(request))
      .map((request) => renderTemplate(request.body));
    let broken = 0;
    for (let index = 1; index < main.length; index++)
      if (!main[index]?.startsWith(main[index - 1] as string)) broken++;
    expect(broken).toBeGreaterThan(0);
    expect(broken).toBeLessThanOrEqual(compactions.length);
  });

  it('keeps the current task of a later user turn verbatim when its turn is summarised away', async () => {
    harness = await startHarness([textTurn('First task done.', 'easy'), longTask(12)], { loop: true });
    const { model, workspace, server } = harness;
    const first = await runChecked({ model, workspace, tools: [bigRead], prompt: 'First task.' });
    const second = 'Second task: read every part. Constraint: never write files.';
    const { result, events } = await runChecked({
      model,
      workspace,
      tools: [bigRead],
      messages: first.result.messages,
      prompt: second,
      contextWindow: 6000,
    });
    expect(result.reason).toBe('done');
    expect(events.some((event) => event.type === 'compaction-end' && event.stage === 'summary')).toBe(true);
    const mainRequests = server.requests.slice(1).filter((request) => !isSummaryRequest(request));
    for (const request of mainRequests) {
      // biome-ignore lint/suspicious/noExplicitAny: wire JSON
      const users = request.body.messages.filter((message: any) => message.role === 'user');
      expect(users.map((message: { content: string }) => message.content)).toEqual(['First task.', second]);
      expect(unpairedToolMessages(request.body.messages)).toEqual([]);
    }
    // After the summary: the first task (head), the summary note, the current task, then whole recent turns.
    const afterSummary = server.requests[server.requests.findIndex(isSummaryRequest) + 1] as RecordedRequest;
    // biome-ignore lint/suspicious/noExplicitAny: wire JSON
    const roles = afterSummary.body.messages.map((message: any) => message.role);
    expect(roles.slice(0, 4)).toEqual(['user', 'system', 'user', 'assistant']);
  });

  for (const overflow of [
    {
      name: 'code 1261',
      turn: { fault: { kind: 'http-error', status: 400, code: 1261, message: 'Prompt too long' } },
    },
    {
      name: 'finish reason model_context_window_exceeded',
      turn: { finishReason: 'model_context_window_exceeded' },
    },
  ] as { name: string; turn: ScriptedTurn }[]) {
    it(`compacts and retries once on ${overflow.name}`, async () => {
      let overflows = 0;
      harness = await startHarness(
        [
          longTask(6, (_request, step) => {
            if (step !== 4 || overflows > 0) return undefined;
            overflows++;
            return overflow.turn;
          }),
        ],
        { loop: true },
      );
      const { model, workspace, server } = harness;
      const run = runAgent({ model, workspace, tools: [bigRead], prompt: 'Read every part.' });
      const events = await collect(run);
      const result = await run.result;
      expect(result.reason).toBe('done');
      expect(checkAgentEventProtocol(events)).toEqual([]);
      expect(overflows).toBe(1);
      const summaryIndex = server.requests.findIndex(isSummaryRequest);
      // request 5 overflowed; then the summary request; then the retry with the compacted history.
      expect(summaryIndex).toBe(5);
      expect(server.requests[6]?.body.messages[1].content).toContain('SUMMARY:');
      expect(server.requests[6]?.rawBody.length).toBeLessThan(server.requests[4]?.rawBody.length as number);
    });
  }

  it('ends with an error when the prompt still does not fit after one compaction', async () => {
    const tooLong: ScriptedTurn = {
      fault: { kind: 'http-error', status: 400, code: 1261, message: 'Prompt too long' },
    };
    harness = await startHarness([tooLong], { loop: true });
    const { model, workspace, server } = harness;
    const { result } = await runChecked({ model, workspace, tools: [bigRead], prompt: 'Read.' });
    expect(result.reason).toBe('error');
    expect(result.error?.code).toBe('prompt-too-long');
    expect(server.requests).toHaveLength(2);
  });
});
