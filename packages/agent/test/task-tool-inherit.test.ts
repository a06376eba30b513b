import {
  type AgentEvent,
  type AnyTool,
  type CallingRun,
  createGlmClient,
  type HookContext,
  type RunAgentOptions,
  runAgent,
} from '@wright/core';
import type { ScriptedConversation, ScriptedTurn } from '@wright/testing';
import { createBuiltinTools, createFileWorkspace, defineTool } from '@wright/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCommandHooks } from '../src/hooks/command-hooks.js';
import type { AgentDefinition } from '../src/subagents/agent-definition.js';
import { childRunOptions } from '../src/subagents/child-run-options.js';
import { createTaskTool } from '../src/subagents/task-tool.js';
import { agent, answer, calls, task, useTaskScratch } from './task-tool-script.js';

// What a subagent inherits from its parent run: the tool timeout, budgets no larger than what the parent has left,
// and the parent's tool hooks (docs/agents.md, "What a subagent inherits").

const scratch = useTaskScratch({ 'a.txt': 'alpha\n' });

/** A read tool that waits until its signal aborts (or 5 s). */
const hang = defineTool({
  name: 'hang',
  description: 'waits',
  effect: 'read',
  input: z.object({}),
  async run(_input, context) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { output: 'waited' };
  },
});

async function runParent(options: {
  turns: ScriptedTurn[];
  conversations: ScriptedConversation[];
  definitions?: AgentDefinition[];
  extraTools?: AnyTool[];
  parent?: Partial<RunAgentOptions>;
}) {
  const server = await scratch.serve({ turns: options.turns, conversations: options.conversations });
  const model = createGlmClient({ apiKey: 'k', baseUrl: server.baseUrl, maxRetries: 0 });
  const tools = [...createBuiltinTools(), ...(options.extraTools ?? [])];
  const taskTool = createTaskTool({
    model,
    approve: undefined,
    parentTools: tools,
    definitions: options.definitions ?? [],
  });
  const run = runAgent({
    model,
    tools: [...tools, taskTool],
    workspace: await createFileWorkspace(scratch.root()),
    prompt: 'the parent task',
    sessionId: 'parent-session',
    ...options.parent,
  });
  const events: AgentEvent[] = [];
  for await (const event of run) events.push(event);
  return { events, result: await run.result, requests: server.requests };
}

/** The events of the subagents, unwrapped. */
function childEvents(events: AgentEvent[]): AgentEvent[] {
  return events.flatMap((event) => (event.type === 'subagent-event' ? [event.event] : []));
}

function taskResult(events: AgentEvent[]) {
  return events.find((event) => event.type === 'tool-exec-end' && event.name === 'task');
}

describe("a subagent inherits its parent's limits", () => {
  it("stops its tool calls at the parent's toolTimeoutMs", async () => {
    const { events } = await runParent({
      turns: [calls(task('CHILD: wait', 'waiter')), answer('ok')],
      conversations: [
        { match: 'CHILD', turns: [calls({ name: 'hang', arguments: {} }), answer('gave up waiting')] },
      ],
      definitions: [agent('waiter', ['hang'])],
      extraTools: [hang],
      parent: { toolTimeoutMs: 200 },
    });
    const end = childEvents(events).find((event) => event.type === 'tool-exec-end');
    expect(end).toMatchObject({ name: 'hang', status: 'timeout' });
    expect(end?.type === 'tool-exec-end' && end.result.output).toBe(
      'hang timed out after 200 ms and was stopped.',
    );
    expect(taskResult(events)).toMatchObject({ status: 'ok', result: { output: 'gave up waiting' } });
  });

  it("never gets more tokens than the parent has left: it stops on the parent's token budget", async () => {
    // The parent's first request spends 110 of 250 tokens, so the child may spend 140: its second request (220) ends it.
    const { events, requests, result } = await runParent({
      turns: [calls(task('CHILD: read a lot')), answer('ok')],
      conversations: [
        {
          match: 'CHILD',
          turns: [
            calls({ name: 'read_file', arguments: { path: 'a.txt' } }),
            calls({ name: 'read_file', arguments: { path: 'a.txt', offset: 1 } }),
            calls({ name: 'glob', arguments: { pattern: '*.txt' } }),
            answer('read everything'),
          ],
        },
      ],
      parent: { maxTotalTokens: 250 },
    });
    const childEnd = childEvents(events).find((event) => event.type === 'run-end');
    expect(childEnd).toMatchObject({ reason: 'token-budget' });
    expect(taskResult(events)).toMatchObject({ status: 'error' });
    // Parent 1 + child 2 requests; then the parent is over its own budget and stops before asking again.
    expect(requests).toHaveLength(3);
    expect(result.reason).toBe('token-budget');
  });

  it('is not started when the parent has no step left after this one, and says why', async () => {
    const { events, requests } = await runParent({
      turns: [calls(task('CHILD: look')), answer('ok')],
      conversations: [{ match: 'CHILD', turns: [answer('looked')] }],
      parent: { maxSteps: 1 },
    });
    expect(taskResult(events)).toMatchObject({
      status: 'error',
      result: {
        output:
          "Not run: this run's step limit is used up, so no subagent can start. Finish with what you have.",
      },
    });
    expect(requests).toHaveLength(1);
  });

  it('takes the lowest of its own budgets and what the parent has left, in whole units', () => {
    const parent: CallingRun = {
      sessionId: 'p',
      toolTimeoutMs: 5_000,
      stop: () => {},
      budgetLeft: () => ({
        maxSteps: 40,
        maxTotalTokens: 1_000.5,
        maxCostUsd: 0.25,
        maxDurationMs: 30_000.7,
      }),
    };
    const own = { maxSteps: 25, maxTotalTokens: 400_000, maxDurationMs: 600_000 };
    expect(childRunOptions(own, parent)).toEqual({
      options: {
        maxSteps: 25,
        maxTotalTokens: 1_000,
        maxCostUsd: 0.25,
        maxDurationMs: 30_000,
        toolTimeoutMs: 5_000,
      },
    });
    expect(childRunOptions(own, undefined)).toEqual({ options: own });
    const spent = { ...parent, budgetLeft: () => ({ maxSteps: 3, maxCostUsd: 0 }) };
    expect(childRunOptions(own, spent)).toEqual({
      refusal:
        "Not run: this run's cost budget is used up, so no subagent can start. Finish with what you have.",
    });
  });
});

describe("a subagent's tool calls run the parent's tool hooks", () => {
  it('a hook that blocks shell for the parent blocks it in the subagent, with the parent session id', async () => {
    const seen: { name: string; sessionId: string }[] = [];
    const hooks = {
      async beforeToolCall(call: { name: string }, context: HookContext) {
        seen.push({ name: call.name, sessionId: context.sessionId });
        return call.name === 'shell' ? { block: 'no shell in this repository' } : undefined;
      },
      async afterToolCall(call: { name: string }) {
        return call.name === 'read_file' ? { context: 'checked by the after hook' } : undefined;
      },
    };
    const { events } = await runParent({
      turns: [calls(task('CHILD: run it', 'runner')), answer('ok')],
      conversations: [
        {
          match: 'CHILD',
          turns: [
            calls(
              { name: 'shell', arguments: { command: 'touch planted.txt' } },
              { name: 'read_file', arguments: { path: 'a.txt' } },
            ),
            answer('shell was blocked'),
          ],
        },
      ],
      definitions: [agent('runner', ['shell', 'read_file'])],
      parent: { hooks },
    });
    const ends = childEvents(events).filter((event) => event.type === 'tool-exec-end');
    expect(ends.map((event) => event.type === 'tool-exec-end' && [event.name, event.status])).toEqual([
      ['shell', 'denied'],
      ['read_file', 'ok'],
    ]);
    const [shell, read] = ends.map((event) => (event.type === 'tool-exec-end' ? event.result.output : ''));
    expect(shell).toContain('Blocked by a pre_tool_use hook');
    expect(shell).toContain('no shell in this repository');
    expect(read).toContain('checked by the after hook');
    // The parent's task call and the child's two calls, all under the parent's session.
    expect(seen).toEqual([
      { name: 'task', sessionId: 'parent-session' },
      { name: 'shell', sessionId: 'parent-session' },
      { name: 'read_file', sessionId: 'parent-session' },
    ]);
  });

  it('a hook that ends the run inside a subagent ends the parent run too (continue: false stops the session)', async () => {
    const { events, result, requests } = await runParent({
      turns: [
        calls(task('CHILD: run it', 'runner'), { name: 'read_file', arguments: { path: 'a.txt' } }),
        answer('never asked'),
      ],
      conversations: [
        {
          match: 'CHILD',
          turns: [
            calls({ name: 'shell', arguments: { command: 'touch planted.txt' } }),
            answer('never asked'),
          ],
        },
      ],
      definitions: [agent('runner', ['shell'])],
      parent: {
        hooks: {
          beforeToolCall: async (call) =>
            call.name === 'shell' ? { stop: 'the freeze has begun' } : undefined,
        },
      },
    });
    expect(childEvents(events).find((event) => event.type === 'run-end')).toMatchObject({
      reason: 'hook-stopped',
    });
    expect(result.reason).toBe('hook-stopped');
    expect(result.summary?.split('\n')[0]).toBe(
      'In the subagent "runner": A pre_tool_use hook ended the run: the freeze has begun. Steps taken: 1.',
    );
    // The task call got its one result; the parent's read after it never started.
    const ends = events.filter((event) => event.type === 'tool-exec-end');
    expect(ends.map((event) => event.type === 'tool-exec-end' && [event.name, event.status])).toEqual([
      ['task', 'error'],
      ['read_file', 'skipped'],
    ]);
    // One parent request, one child request: nobody is asked again.
    expect(requests).toHaveLength(2);
  });

  it("reports a command hook's run on a child call nested under the task call", async () => {
    const hooks = createCommandHooks({
      pre_tool_use: [
        { matcher: 'shell', hooks: [{ type: 'command', command: 'echo "no shell here" >&2; exit 2' }] },
      ],
    });
    const { events } = await runParent({
      turns: [calls(task('CHILD: run it', 'runner')), answer('ok')],
      conversations: [
        {
          match: 'CHILD',
          turns: [calls({ name: 'shell', arguments: { command: 'touch planted.txt' } }), answer('blocked')],
        },
      ],
      definitions: [agent('runner', ['shell'])],
      parent: { hooks },
    });
    const nested = events.find((event) => event.type === 'subagent-event' && event.event.type === 'hook-run');
    const taskCall = taskResult(events);
    expect(nested).toMatchObject({
      parentCallId: taskCall?.type === 'tool-exec-end' ? taskCall.callId : 'missing',
      agent: 'runner',
      event: { type: 'hook-run', event: 'pre_tool_use', outcome: 'blocked', toolName: 'shell' },
    });
    // No hook ran for the parent's own task call (the matcher selects shell only).
    expect(events.filter((event) => event.type === 'hook-run')).toEqual([]);
  });
});
