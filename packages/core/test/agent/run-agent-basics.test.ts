import { runAgent, type TurnInfo } from '@wright/core';
import { checkAgentEventProtocol, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { basicTools, collect, type Harness, runChecked, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('runAgent basics', () => {
  it('throws synchronously only for invalid options', async () => {
    harness = await startHarness([]);
    const { model, workspace } = harness;
    expect(() => runAgent({ model, workspace })).toThrow(/prompt/);
    expect(() => runAgent({ model, workspace, prompt: 'x', maxSteps: 0 })).toThrow(/maxSteps/);
    expect(() =>
      runAgent({ model, workspace, prompt: 'x', tools: [...basicTools(), ...basicTools()] }),
    ).toThrow(/two tools/);
    // A failing server is not an invalid option: the run ends with an error result instead.
    const result = await runAgent({ model, workspace, prompt: 'x' }).result;
    expect(result.reason).toBe('error');
  });

  it('ignores `system` when continuing a history, so the resumed prompt keeps its bytes', async () => {
    harness = await startHarness([textTurn('first'), textTurn('second')]);
    const { model, workspace, server } = harness;
    const { result } = await runChecked({ model, workspace, system: 'OLD SYSTEM', prompt: 'one' });
    await runChecked({ model, workspace, system: 'NEW SYSTEM', messages: result.messages, prompt: 'two' });
    const [first, second] = server.requests.map((request) => request.body.messages);
    expect(second.slice(0, 2)).toEqual(first);
    expect(second[0]).toEqual({ role: 'system', content: 'OLD SYSTEM' });
    expect(server.requests[1]?.rawBody).not.toContain('NEW SYSTEM');
  });

  it('makes progress without anyone iterating, and a late iterator still sees every event', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }]),
      textTurn('ok'),
    ]);
    const { model, workspace } = harness;
    const run = runAgent({ model, workspace, tools: basicTools(), prompt: 'go' });
    const result = await run.result;
    expect(result.reason).toBe('done');
    const events = await collect(run);
    expect(checkAgentEventProtocol(events)).toEqual([]);
    expect(events[0]?.type).toBe('run-start');
    expect(events.at(-1)).toMatchObject({ type: 'run-end', reason: 'done', text: 'ok', steps: 2 });
  });

  it('reports cached and uncached input per turn and per run', async () => {
    harness = await startHarness([
      {
        ...toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }]),
        usage: { promptTokens: 100, cachedTokens: 0 },
      },
      { ...textTurn('ok'), usage: { promptTokens: 300, cachedTokens: 100 } },
    ]);
    const { model, workspace } = harness;
    const { events, result } = await runChecked({ model, workspace, tools: basicTools(), prompt: 'go' });
    const turnEnds = events.filter((event) => event.type === 'turn-end');
    expect(turnEnds.map((event) => event.type === 'turn-end' && event.cacheHitRate)).toEqual([0, 1 / 3]);
    expect(turnEnds.map((event) => event.type === 'turn-end' && event.usage.cachedInputTokens)).toEqual([
      0, 100,
    ]);
    expect(result.usage).toMatchObject({ inputTokens: 400, cachedInputTokens: 100 });
    expect(result.cacheHitRate).toBeCloseTo(0.25);
  });

  it('applies the turn-level thinking policy per request', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }]),
      toolCallTurn([{ name: 'write_file', arguments: { path: 'x', content: 'y' } }]),
      textTurn('ok'),
    ]);
    const { model, workspace, server } = harness;
    const seen: TurnInfo[] = [];
    const { events } = await runChecked({
      model,
      workspace,
      tools: basicTools(),
      prompt: 'go',
      thinking: (turn) => {
        seen.push(turn);
        return turn.turn !== 2;
      },
    });
    expect(server.requests.map((request) => request.body.thinking.type)).toEqual([
      'enabled',
      'disabled',
      'enabled',
    ]);
    expect(seen.map((turn) => turn.firstOfTask)).toEqual([true, false, false]);
    expect(seen[1]?.previousCalls).toEqual([{ name: 'echo', effect: 'read', status: 'ok' }]);
    const starts = events.filter((event) => event.type === 'turn-start');
    expect(starts.map((event) => event.type === 'turn-start' && event.thinking)).toEqual([true, false, true]);
  });

  it("'auto' thinking skips only right after successful reads", async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }]),
      toolCallTurn([{ name: 'write_file', arguments: { path: 'x', content: 'y' } }]),
      textTurn('ok'),
    ]);
    const { model, workspace, server } = harness;
    await runChecked({ model, workspace, tools: basicTools(), prompt: 'go', thinking: 'auto' });
    expect(server.requests.map((request) => request.body.thinking.type)).toEqual([
      'enabled',
      'disabled',
      'enabled',
    ]);
  });

  it("'auto' thinking thinks again after a failed read", async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }]),
      toolCallTurn([{ name: 'echo', arguments: { wrong: 1 } }]),
      textTurn('ok'),
    ]);
    const { model, workspace, server } = harness;
    await runChecked({ model, workspace, tools: basicTools(), prompt: 'go', thinking: 'auto' });
    expect(server.requests.map((request) => request.body.thinking.type)).toEqual([
      'enabled',
      'disabled',
      'enabled',
    ]);
  });

  it("'off' disables thinking on every request (clear_thinking stays false)", async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'a' } }]),
      textTurn('ok'),
    ]);
    const { model, workspace, server } = harness;
    const { events } = await runChecked({
      model,
      workspace,
      tools: basicTools(),
      prompt: 'go',
      thinking: 'off',
    });
    expect(server.requests.map((request) => request.body.thinking)).toEqual([
      { type: 'disabled', clear_thinking: false },
      { type: 'disabled', clear_thinking: false },
    ]);
    const starts = events.filter((event) => event.type === 'turn-start');
    expect(starts.map((event) => event.type === 'turn-start' && event.thinking)).toEqual([false, false]);
  });

  it('sends clear_thinking true only when asked to', async () => {
    harness = await startHarness([textTurn('ok')]);
    const { model, workspace, server } = harness;
    await runChecked({ model, workspace, prompt: 'go', clearThinking: true });
    expect(server.requests[0]?.body.thinking).toEqual({ type: 'enabled', clear_thinking: true });
  });
});
