import { type AgentEvent, type ApprovalRequest, runAgent, type ToolContext } from '@wright/core';
import { checkAgentEventProtocol, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collect, type Harness, makeTool, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const usage = { promptTokens: 100, completionTokens: 10 };

/** A child's turn-end, as a subagent would forward it. */
const childTurnEnd = (totalTokens: number, cost: number) =>
  ({
    runId: 'child',
    sessionId: 'child',
    seq: 3,
    turn: 1,
    time: 0,
    type: 'turn-end',
    usage: { inputTokens: totalTokens - 5, cachedInputTokens: 0, outputTokens: 5, totalTokens },
    cacheHitRate: 0,
    contextTokens: 0,
    cost,
  }) as AgentEvent;

describe('what the loop gives tools that start subagents', () => {
  it('schedules and approves each call by its own effectOf(input): reads together, writes alone', async () => {
    harness = await startHarness([
      {
        ...toolCallTurn([1, 2, 3].map((n) => ({ name: 'delegate', arguments: { write: n === 3, n } }))),
        usage,
      },
      { content: 'done', usage },
    ]);
    const log: string[] = [];
    let running = 0;
    const delegate = makeTool({
      name: 'delegate',
      effect: 'write',
      input: z.object({ write: z.boolean(), n: z.number() }),
      async run(input) {
        running += 1;
        log.push(`start ${input.n} (${running} running)`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
        return { output: 'ok' };
      },
    });
    Object.assign(delegate, { effectOf: (input: { write: boolean }) => (input.write ? 'write' : 'read') });
    const asked: ApprovalRequest[] = [];
    const events = await collect(
      runAgent({
        model: harness.model,
        workspace: harness.workspace,
        tools: [delegate],
        prompt: 'go',
        approve: async (request) => {
          asked.push(request);
          return true;
        },
      }),
    );
    expect(checkAgentEventProtocol(events)).toEqual([]);
    expect(log).toEqual(['start 1 (1 running)', 'start 2 (2 running)', 'start 3 (1 running)']);
    expect(asked.map((request) => request.effect)).toEqual(['read', 'read', 'write']);
  });

  it('passes the reply calls and tools, nests forwarded events, counts child usage, drops late events', async () => {
    harness = await startHarness([
      {
        ...toolCallTurn([
          { name: 'delegate', arguments: {} },
          { name: 'other', arguments: {} },
        ]),
        usage,
      },
      { content: 'done', usage },
    ]);
    let seen: ToolContext | undefined;
    const delegate = makeTool({
      name: 'delegate',
      input: z.object({}),
      async run(_input, context) {
        seen = context;
        context.emitSubagentEvent?.('general', childTurnEnd(1000, 0.5));
        // A stopped subagent may still send events after the call has its result.
        setTimeout(() => context.emitSubagentEvent?.('general', childTurnEnd(7777, 9)), 20);
        return { output: 'answer' };
      },
    });
    const other = makeTool({ name: 'other', input: z.object({}), run: async () => ({ output: 'x' }) });
    const run = runAgent({
      model: harness.model,
      workspace: harness.workspace,
      tools: [delegate, other],
      prompt: 'go',
    });
    const events = await collect(run);
    const result = await run.result;
    // The forwarded stream here is a single made-up event, so only the parent's own stream is checked.
    const own = events.filter((event) => event.type !== 'subagent-event');
    expect(checkAgentEventProtocol(own).filter((line) => !line.includes('has seq'))).toEqual([]);
    expect(seen?.calls?.map((call) => call.name)).toEqual(['delegate', 'other']);
    expect(seen?.tools?.map((tool) => tool.name)).toEqual(['delegate', 'other']);
    const nested = events.filter((event) => event.type === 'subagent-event');
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatchObject({
      parentCallId: seen?.callId,
      agent: 'general',
      event: { type: 'turn-end' },
    });
    // Two requests of 110 tokens plus the child's 1000; the late event (after the call's result) is not counted.
    expect(result.usage.totalTokens).toBe(2 * 110 + 1000);
    const turnEnds = events.filter((event) => event.type === 'turn-end');
    expect(turnEnds.map((event) => event.usage.totalTokens)).toEqual([1110, 110]);
    expect(result.cost).toBeGreaterThanOrEqual(0.5);
  });

  it('hands tools the calling run: its session, tool timeout, tool hooks and what is left of its budgets', async () => {
    harness = await startHarness([
      { ...toolCallTurn([{ name: 'delegate', arguments: {} }]), usage },
      { content: 'done', usage },
    ]);
    let left: ReturnType<NonNullable<ToolContext['callingRun']>['budgetLeft']> | undefined;
    let seen: ToolContext['callingRun'];
    const delegate = makeTool({
      name: 'delegate',
      input: z.object({}),
      async run(_input, context) {
        seen = context.callingRun;
        left = context.callingRun?.budgetLeft();
        return { output: 'answer' };
      },
    });
    const beforeToolCall = async () => undefined;
    const runStart = async () => undefined;
    await collect(
      runAgent({
        model: harness.model,
        workspace: harness.workspace,
        tools: [delegate],
        prompt: 'go',
        sessionId: 'the-session',
        toolTimeoutMs: 1234,
        maxSteps: 5,
        maxTotalTokens: 1000,
        maxDurationMs: 60_000,
        hooks: { beforeToolCall, runStart },
      }),
    );
    expect(seen).toMatchObject({ sessionId: 'the-session', toolTimeoutMs: 1234 });
    // Only the tool hooks are handed on: a subagent is not a new session or prompt.
    expect(seen?.hooks).toEqual({ beforeToolCall });
    // One request of five done, 110 of 1000 tokens spent; no cost budget, so none is reported.
    expect(left).toMatchObject({ maxSteps: 4, maxTotalTokens: 890 });
    expect(left?.maxCostUsd).toBeUndefined();
    expect(left?.maxDurationMs).toBeGreaterThan(0);
    expect(left?.maxDurationMs).toBeLessThanOrEqual(60_000);
  });

  it('splits the token and cost budgets left among calls of the same tool that run at the same time', async () => {
    harness = await startHarness([
      {
        ...toolCallTurn([
          { name: 'delegate', arguments: { n: 1 } },
          { name: 'delegate', arguments: { n: 2 } },
          { name: 'lookup', arguments: {} },
        ]),
        usage,
      },
      { ...toolCallTurn([{ name: 'delegate', arguments: { n: 3 } }]), usage },
      { content: 'done', usage },
    ]);
    const seen = new Map<string, ReturnType<NonNullable<ToolContext['callingRun']>['budgetLeft']>>();
    const tool = (name: string) =>
      makeTool({
        name,
        input: z.object({ n: z.number().optional() }),
        async run(input, context) {
          const left = context.callingRun?.budgetLeft();
          if (left !== undefined) seen.set(`${name}${input.n ?? ''}`, left);
          return { output: 'answer' };
        },
      });
    await collect(
      runAgent({
        model: harness.model,
        workspace: harness.workspace,
        tools: [tool('delegate'), tool('lookup')],
        prompt: 'go',
        maxSteps: 5,
        maxTotalTokens: 1000,
        maxCostUsd: 2,
        maxDurationMs: 60_000,
      }),
    );
    // 110 tokens of 1000 spent: the two delegate calls of the first reply get half of the rest each.
    expect(seen.get('delegate1')).toMatchObject({ maxSteps: 4, maxTotalTokens: 445 });
    expect(seen.get('delegate2')).toMatchObject({ maxSteps: 4, maxTotalTokens: 445 });
    expect(seen.get('delegate1')?.maxCostUsd).toBeLessThanOrEqual(1);
    // Another tool's call beside them, and a delegate call running alone, see all that is left.
    expect(seen.get('lookup')).toMatchObject({ maxTotalTokens: 890 });
    expect(seen.get('delegate3')).toMatchObject({ maxSteps: 3, maxTotalTokens: 780 });
    expect(seen.get('delegate3')?.maxCostUsd).toBeGreaterThan(1);
  });
});
