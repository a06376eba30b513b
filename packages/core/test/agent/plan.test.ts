import { type AgentEvent, type Plan, reduceEvents, runAgent } from '@wright/core';
import { formatPlanForModel } from '@wright/core/internal';
import type { RecordedRequest, ScriptedTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collect, type Harness, makeTool, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// A stand-in for @wright/tools' update_plan (core does not depend on tools): it returns a `plan` display.
const planTool = makeTool({
  name: 'update_plan',
  input: z.object({ plan: z.array(z.object({ step: z.string(), status: z.string() })) }),
  run: async (input) => ({ output: 'Plan updated.', display: { kind: 'plan', plan: input.plan } as never }),
});
const bigRead = makeTool({
  name: 'big_read',
  input: z.object({ part: z.number() }),
  run: async ({ part }) => ({ output: `part ${part}: ${'x'.repeat(3000)}` }),
});

const plan: Plan = {
  plan: [
    { step: 'Read every part', status: 'in_progress' },
    { step: 'Report the total', status: 'pending' },
  ],
};
const isSummaryRequest = (request: RecordedRequest) => request.body.tools === undefined;

/** Sets the plan first, then reads `parts` big parts; summary requests get a summary. */
function plannedTask(parts: number) {
  let step = 0;
  return (request: RecordedRequest): ScriptedTurn => {
    if (isSummaryRequest(request)) return { content: 'SUMMARY: parts are being read.' };
    step++;
    if (step === 1) return { toolCalls: [{ name: 'update_plan', arguments: plan }] };
    if (step > parts + 1) return { content: 'Done.' };
    return {
      reasoning: `reading ${'thinking '.repeat(150)}`,
      toolCalls: [{ name: 'big_read', arguments: { part: step } }],
    };
  };
}

describe('the plan', () => {
  it('is emitted as a plan event, returned in the result, and re-injected when compaction drops its call', async () => {
    harness = await startHarness([plannedTask(12)], { loop: true });
    const run = runAgent({
      model: harness.model,
      workspace: harness.workspace,
      tools: [planTool, bigRead],
      system: 'SYSTEM',
      prompt: 'Read all parts.',
      contextWindow: 6000,
    });
    const events = await collect(run);
    const result = await run.result;
    expect(result.reason).toBe('done');
    const planEvents = events.filter((event) => event.type === 'plan');
    expect(planEvents).toHaveLength(1);
    const toolEnd = events.findIndex(
      (event) => event.type === 'tool-exec-end' && event.name === 'update_plan',
    );
    expect(events.indexOf(planEvents[0] as AgentEvent)).toBeGreaterThan(toolEnd);
    expect(planEvents[0]).toMatchObject({ type: 'plan', plan: plan.plan });
    expect(result.plan).toEqual(plan);
    expect(reduceEvents(events).plan).toEqual(plan);

    const requests = harness.server.requests;
    const summaryIndex = requests.findIndex(isSummaryRequest);
    expect(summaryIndex).toBeGreaterThan(0);
    const after = requests[summaryIndex + 1] as RecordedRequest;
    // The call that set the plan was summarised away; the summary note carries the plan instead.
    expect(after.rawBody).not.toContain('"name":"update_plan","arguments"');
    const note = after.body.messages[2];
    expect(note.role).toBe('system');
    expect(note.content).toContain('SUMMARY: parts are being read.');
    expect(note.content).toContain(formatPlanForModel(plan));
    expect(formatPlanForModel(plan)).toBe('[>] Read every part\n[ ] Report the total');
  });

  it('ends a budget stop summary, so what was left is on record', async () => {
    harness = await startHarness([plannedTask(5)], { loop: true });
    const run = runAgent({
      model: harness.model,
      workspace: harness.workspace,
      tools: [planTool, bigRead],
      prompt: 'Read all parts.',
      maxSteps: 2,
    });
    await collect(run);
    const result = await run.result;
    expect(result.reason).toBe('max-steps');
    expect(result.summary).toMatch(/\nPlan:\n\[>\] Read every part\n\[ \] Report the total$/);
  });

  it('of a continued history (the plan option) is re-injected by compaction and returned', async () => {
    let step = 0;
    harness = await startHarness(
      [
        (request: RecordedRequest): ScriptedTurn => {
          if (isSummaryRequest(request)) return { content: 'SUMMARY.' };
          step++;
          if (step > 10) return { content: 'Done.' };
          return {
            reasoning: `reading ${'thinking '.repeat(150)}`,
            toolCalls: [{ name: 'big_read', arguments: { part: step } }],
          };
        },
      ],
      { loop: true },
    );
    const run = runAgent({
      model: harness.model,
      workspace: harness.workspace,
      tools: [planTool, bigRead],
      messages: [
        { role: 'system', content: 'SYSTEM' },
        { role: 'user', content: 'Read all parts.' },
      ],
      plan,
      prompt: 'Go on.',
      contextWindow: 6000,
    });
    const events = await collect(run);
    const result = await run.result;
    expect(result.plan).toEqual(plan);
    expect(events.some((event) => event.type === 'plan')).toBe(false);
    const summaryIndex = harness.server.requests.findIndex(isSummaryRequest);
    expect(summaryIndex).toBeGreaterThan(0);
    expect(harness.server.requests[summaryIndex + 1]?.rawBody).toContain('[>] Read every part');
  });
});
