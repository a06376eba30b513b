import { type AgentEvent, type AnyTool, runAgent, type ToolExecStatus } from '@wright/core';
import { checkAgentEventProtocol, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collect, type Harness, makeTool, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function execEnds(events: AgentEvent[]) {
  return events.flatMap((event) => (event.type === 'tool-exec-end' ? [event] : []));
}

// biome-ignore lint/suspicious/noExplicitAny: wire JSON
function toolMessages(body: any): { tool_call_id: string; content: string }[] {
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON
  return body.messages.filter((message: any) => message.role === 'tool');
}

describe('tool execution', () => {
  it('runs consecutive reads concurrently, writes one at a time in order, results in call order', async () => {
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    let releaseReads: () => void = () => {};
    const bothReadsStarted = new Promise<void>((resolve) => {
      releaseReads = resolve;
    });
    let readsStarted = 0;
    let secondReadEnded: () => void = () => {};
    const secondReadEnd = new Promise<void>((resolve) => {
      secondReadEnded = resolve;
    });
    const fallback = () => new Promise((resolve) => setTimeout(resolve, 2000));
    const slowRead = makeTool({
      name: 'slow_read',
      input: z.object({ id: z.string(), waitForOther: z.boolean() }),
      run: async ({ id, waitForOther }) => {
        log.push(`start ${id}`);
        if (++readsStarted === 2) releaseReads();
        // Each read waits until the other has started (only concurrent execution gets past this quickly), and r1
        // also waits for r2 to end, so concurrent runs log r2's end first.
        await Promise.race([bothReadsStarted, fallback()]);
        if (waitForOther) await Promise.race([secondReadEnd, fallback()]);
        log.push(`end ${id}`);
        if (!waitForOther) secondReadEnded();
        return { output: `read ${id}` };
      },
    });
    const write = makeTool({
      name: 'slow_write',
      effect: 'write',
      input: z.object({ id: z.string() }),
      run: async ({ id }) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        log.push(`start ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`end ${id}`);
        running--;
        return { output: `wrote ${id}` };
      },
    });
    harness = await startHarness([
      toolCallTurn([
        { id: 'r1', name: 'slow_read', arguments: { id: 'r1', waitForOther: true } },
        { id: 'r2', name: 'slow_read', arguments: { id: 'r2', waitForOther: false } },
        { id: 'w1', name: 'slow_write', arguments: { id: 'w1' } },
        { id: 'w2', name: 'slow_write', arguments: { id: 'w2' } },
      ]),
      textTurn('done'),
    ]);
    const { model, workspace, server } = harness;
    const run = runAgent({ model, workspace, tools: [slowRead, write], prompt: 'go' });
    const events = await collect(run);
    expect((await run.result).reason).toBe('done');
    expect(checkAgentEventProtocol(events)).toEqual([]);
    // Both reads ran at once, then the writes ran strictly one after another.
    expect(log).toEqual([
      'start r1',
      'start r2',
      'end r2',
      'end r1',
      'start w1',
      'end w1',
      'start w2',
      'end w2',
    ]);
    expect(maxRunning).toBe(1);
    expect(toolMessages(server.requests[1]?.body)).toEqual([
      { role: 'tool', tool_call_id: 'r1', content: 'read r1' },
      { role: 'tool', tool_call_id: 'r2', content: 'read r2' },
      { role: 'tool', tool_call_id: 'w1', content: 'wrote w1' },
      { role: 'tool', tool_call_id: 'w2', content: 'wrote w2' },
    ]);
  });

  it('gives every failed call exactly one result the model can read', async () => {
    const tools: AnyTool[] = [
      makeTool({
        name: 'echo',
        input: z.object({ text: z.string() }),
        run: async ({ text }) => ({ output: text }),
      }),
      makeTool({
        name: 'guarded',
        effect: 'execute',
        input: z.object({}),
        run: async () => ({ output: 'should not run' }),
      }),
      makeTool({
        name: 'boom',
        effect: 'execute',
        input: z.object({}),
        run: async () => {
          throw new Error('disk on fire');
        },
      }),
      makeTool({
        name: 'sleepy',
        effect: 'execute',
        input: z.object({}),
        timeoutMs: 50,
        // Ignores its signal on purpose: the loop must still end the call.
        run: () => new Promise(() => {}),
      }),
      makeTool({
        name: 'fails',
        input: z.object({}),
        run: async () => ({ output: 'exit code 2', isError: true }),
      }),
    ];
    harness = await startHarness(
      [
        toolCallTurn([
          { id: 'c1', name: 'no_such_tool', arguments: {} },
          { id: 'c2', name: 'echo', arguments: '{"text": ' },
          { id: 'c3', name: 'echo', arguments: { text: 42 } },
          { id: 'c4', name: 'guarded', arguments: {} },
          { id: 'c5', name: 'boom', arguments: {} },
          { id: 'c6', name: 'sleepy', arguments: {} },
          { id: 'c7', name: 'fails', arguments: {} },
          { id: 'c8', name: 'echo', arguments: { text: 'fine' } },
        ]),
        textTurn('done'),
        // No retry of the reply with broken arguments: its call is answered with the parse error instead.
      ],
      { client: { maxMalformedRetries: 0 } },
    );
    const { model, workspace, server } = harness;
    const approvals: string[] = [];
    const run = runAgent({
      model,
      workspace,
      tools,
      prompt: 'go',
      approve: async (request) => {
        approvals.push(request.toolName);
        return request.toolName === 'guarded' ? { allowed: false, reason: 'not on a Friday' } : true;
      },
    });
    const events = await collect(run);
    expect((await run.result).reason).toBe('done');
    expect(checkAgentEventProtocol(events)).toEqual([]);
    const statuses: Record<string, ToolExecStatus> = {};
    for (const end of execEnds(events)) statuses[end.callId] = end.status;
    expect(statuses).toEqual({
      c1: 'unknown-tool',
      c2: 'invalid-input',
      c3: 'invalid-input',
      c4: 'denied',
      c5: 'threw',
      c6: 'timeout',
      c7: 'error',
      c8: 'ok',
    });
    // Invalid calls never reach the approver.
    expect(approvals).toEqual(['guarded', 'boom', 'sleepy', 'fails', 'echo']);
    const results = toolMessages(server.requests[1]?.body);
    expect(results.map((message) => message.tool_call_id)).toEqual([
      'c1',
      'c2',
      'c3',
      'c4',
      'c5',
      'c6',
      'c7',
      'c8',
    ]);
    const byId = Object.fromEntries(results.map((message) => [message.tool_call_id, message.content]));
    expect(byId.c1).toMatch(/no tool named "no_such_tool".*echo, guarded, boom, sleepy, fails/);
    expect(byId.c2).toMatch(/not valid JSON/);
    expect(byId.c3).toMatch(/do not fit its schema.*text/s);
    expect(byId.c4).toMatch(/did not allow.*not on a Friday/);
    expect(byId.c5).toBe('boom failed: disk on fire');
    expect(byId.c6).toMatch(/timed out after 50 ms/);
    expect(byId.c7).toBe('exit code 2');
    expect(byId.c8).toBe('fine');
  });

  it('aborts the running call and skips the rest when the run is aborted mid-turn', async () => {
    const controller = new AbortController();
    const tools = [
      makeTool({
        name: 'hang',
        effect: 'execute',
        input: z.object({}),
        run: (_input, context) => {
          controller.abort();
          return new Promise((_resolve, reject) =>
            context.signal.addEventListener('abort', () => reject(new Error('stopped'))),
          );
        },
      }),
      makeTool({ name: 'after', effect: 'write', input: z.object({}), run: async () => ({ output: 'ran' }) }),
    ];
    harness = await startHarness([
      toolCallTurn([
        { id: 'a1', name: 'hang', arguments: {} },
        { id: 'a2', name: 'after', arguments: {} },
      ]),
    ]);
    const { model, workspace } = harness;
    const run = runAgent({ model, workspace, tools, prompt: 'go', signal: controller.signal });
    const events = await collect(run);
    const result = await run.result;
    expect(result.reason).toBe('aborted');
    expect(checkAgentEventProtocol(events)).toEqual([]);
    expect(execEnds(events).map((end) => [end.callId, end.status])).toEqual([
      ['a1', 'aborted'],
      ['a2', 'skipped'],
    ]);
    // The history stays valid: both calls are answered, so a resumed session can send it as is.
    expect(result.messages.slice(-2).map((message) => message.role)).toEqual(['tool', 'tool']);
  });

  it('does not wait for an approval prompt once the run is aborted', async () => {
    const controller = new AbortController();
    harness = await startHarness([toolCallTurn([{ id: 'q1', name: 'echo', arguments: { text: 'x' } }])]);
    const { model, workspace } = harness;
    const tools = [
      makeTool({
        name: 'echo',
        input: z.object({ text: z.string() }),
        run: async ({ text }) => ({ output: text }),
      }),
    ];
    const run = runAgent({
      model,
      workspace,
      tools,
      prompt: 'go',
      signal: controller.signal,
      approve: () => {
        controller.abort();
        return new Promise(() => {});
      },
    });
    const events = await collect(run);
    expect((await run.result).reason).toBe('aborted');
    expect(execEnds(events).map((end) => end.status)).toEqual(['skipped']);
  });
});
