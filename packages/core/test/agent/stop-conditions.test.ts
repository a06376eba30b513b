import { type AgentEvent, createGlmClient, type RunAgentOptions, runAgent } from '@wright/core';
import { checkAgentEventProtocol, type TurnScript, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { basicTools, collect, type Harness, runChecked, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function runWith(turns: TurnScript[], options: Partial<RunAgentOptions>, loop = false) {
  harness = await startHarness(turns, { loop });
  const { model, workspace } = harness;
  const run = runAgent({ model, workspace, tools: basicTools(), prompt: 'Do it.', ...options });
  const events = await collect(run);
  const result = await run.result;
  expect(checkAgentEventProtocol(events)).toEqual([]);
  const runEnd = events.at(-1) as Extract<AgentEvent, { type: 'run-end' }>;
  expect(runEnd.type).toBe('run-end');
  expect(runEnd.reason).toBe(result.reason);
  return { events, result, requests: harness.server.requests };
}

const writeTurn = (index: number) =>
  toolCallTurn(
    [{ name: 'write_file', arguments: { path: `f${index}.txt`, content: String(index) } }],
    `r${index}`,
  );

describe('stop conditions', () => {
  it('stops at max steps with a state summary naming steps, touched files and last calls', async () => {
    const { result, requests } = await runWith([writeTurn(1), writeTurn(2), writeTurn(3)], { maxSteps: 2 });
    expect(result.reason).toBe('max-steps');
    expect(requests).toHaveLength(2);
    expect(result.steps).toBe(2);
    expect(result.summary).toContain('The step limit of 2 is reached. Steps taken: 2.');
    expect(result.summary).toContain('Files touched: f1.txt, f2.txt.');
    expect(result.summary).toMatch(/- write_file \{"path":"f2.txt","content":"2"\} → ok/);
  });

  it('spends one final tool-less request for a model summary when summarizeOnBudget is set', async () => {
    const { result, requests } = await runWith(
      [writeTurn(1), textTurn('I wrote f1.txt; f2 remains.', 'summarising')],
      { maxSteps: 1, summarizeOnBudget: true },
    );
    expect(result.reason).toBe('max-steps');
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body.tools).toBeUndefined();
    expect(requests[1]?.body.thinking).toEqual({ type: 'disabled', clear_thinking: false });
    expect(requests[1]?.body.messages.at(-1)).toMatchObject({ role: 'system' });
    expect(result.summary).toContain('Steps taken: 1.');
    expect(result.summary).toContain('I wrote f1.txt; f2 remains.');
  });

  it('stops on the input token budget and skips the tool calls of the over-budget turn', async () => {
    const turn = { ...writeTurn(1), usage: { promptTokens: 5000, completionTokens: 10 } };
    const { result, events } = await runWith([turn], { maxInputTokens: 4000 });
    expect(result.reason).toBe('token-budget');
    expect(result.summary).toContain('The input token budget of 4000 is used up (5000).');
    const ends = events.filter((event) => event.type === 'tool-exec-end');
    expect(ends.map((event) => event.type === 'tool-exec-end' && event.status)).toEqual(['skipped']);
  });

  it('stops on the output and total token budgets', async () => {
    const turn = { ...writeTurn(1), usage: { promptTokens: 100, completionTokens: 900 } };
    const output = await runWith([turn], { maxOutputTokens: 500 });
    expect(output.result.summary).toContain('output token budget');
    await harness?.close();
    const total = await runWith([turn], { maxTotalTokens: 1000 });
    expect(total.result.reason).toBe('token-budget');
    expect(total.result.summary).toContain('total token budget of 1000');
  });

  it('stops on the cost budget, priced from the configurable table, and reports cache use', async () => {
    const turn = {
      ...writeTurn(1),
      usage: { promptTokens: 1_000_000, cachedTokens: 500_000, completionTokens: 0 },
    };
    const { result, events } = await runWith([turn], {
      maxCostUsd: 0.5,
      prices: { 'glm-4.7': { input: 1, cachedInput: 0.5, output: 2 } },
    });
    expect(result.reason).toBe('cost-budget');
    expect(result.cost).toBeCloseTo(0.75);
    expect(result.cacheHitRate).toBeCloseTo(0.5);
    expect(result.usage.cachedInputTokens).toBe(500_000);
    const turnEnd = events.find((event) => event.type === 'turn-end');
    expect(turnEnd).toMatchObject({ cost: 0.75, cacheHitRate: 0.5 });
  });

  it('warns when a cost budget is set for a model without a price', async () => {
    harness = await startHarness([textTurn('ok')]);
    const model = createGlmClient({
      apiKey: 'test-key',
      baseUrl: harness.server.baseUrl,
      model: 'my-finetune',
      maxRetries: 0,
    });
    const { result, events } = await runChecked({
      model,
      workspace: harness.workspace,
      prompt: 'Do it.',
      maxCostUsd: 1,
    });
    expect(result.reason).toBe('done');
    const notes = events.flatMap((event) => (event.type === 'note' ? [event.message] : []));
    expect(notes).toEqual([
      'No price is known for model my-finetune, so the cost budget cannot fire; pass `prices`.',
    ]);
  });

  it('stops on the time budget even while the model hangs', async () => {
    const { result } = await runWith([{ fault: { kind: 'hang' } }], { maxDurationMs: 300 });
    expect(result.reason).toBe('time-budget');
    expect(result.summary).toContain('time budget of 300 ms');
  });

  it('bounds the summary request of a run stopped by its time budget', async () => {
    const hang: TurnScript = { fault: { kind: 'hang' } };
    const { result, requests } = await runWith([hang, hang], { maxDurationMs: 300, summarizeOnBudget: true });
    expect(result.reason).toBe('time-budget');
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body.tools).toBeUndefined();
    expect(result.summary).toContain('time budget of 300 ms');
  });

  it('stops when the caller aborts, also while a request is in flight', async () => {
    const controller = new AbortController();
    const turns: TurnScript[] = [
      writeTurn(1),
      () => {
        controller.abort();
        return { fault: { kind: 'hang' } };
      },
    ];
    const { result, events } = await runWith(turns, { signal: controller.signal });
    expect(result.reason).toBe('aborted');
    expect(events.filter((event) => event.type === 'run-end')).toHaveLength(1);
    expect(result.messages.at(-1)).toMatchObject({ role: 'tool', content: 'wrote f1.txt' });
  });

  it('warns on the third identical call and stops with loop-detected on the fourth', async () => {
    const same = toolCallTurn([{ name: 'echo', arguments: { text: 'again' } }]);
    const { result, requests, events } = await runWith([same], {}, true);
    expect(result.reason).toBe('loop-detected');
    expect(requests).toHaveLength(4);
    const statuses = events.flatMap((event) => (event.type === 'tool-exec-end' ? [event.status] : []));
    expect(statuses).toEqual(['ok', 'ok', 'loop-warning', 'skipped']);
  });

  it('ends with reason error (as data) when the provider rejects the request', async () => {
    const { result } = await runWith(
      [{ fault: { kind: 'http-error', status: 400, code: 1210, message: 'bad' } }],
      {},
    );
    expect(result.reason).toBe('error');
    expect(result.error?.code).toBe('bad-request');
    expect(result.summary).toContain('The model request failed');
  });

  it('ends with content-filter when the reply is blocked', async () => {
    const { result } = await runWith([{ content: 'no', finishReason: 'sensitive' }], {});
    expect(result.reason).toBe('content-filter');
  });

  it('ends before any request when the signal is already aborted', async () => {
    const { result, requests } = await runWith([textTurn('x')], { signal: AbortSignal.abort() });
    expect(result.reason).toBe('aborted');
    expect(requests).toHaveLength(0);
  });
});
