import {
  type AgentEvent,
  type AnyTool,
  type ApprovalRequest,
  type Approver,
  createGlmClient,
  runAgent,
  type ToolContext,
} from '@wright/core';
import {
  checkAgentEventProtocol,
  type RecordedRequest,
  type ScriptedConversation,
  type ScriptedTurn,
} from '@wright/testing';
import { createBuiltinTools, createFileWorkspace } from '@wright/tools';
import { describe, expect, it } from 'vitest';
import { childEffect, selectChildTools } from '../src/subagents/select-child-tools.js';
import { createTaskTool, type TaskToolOptions } from '../src/subagents/task-tool.js';
import { agent, answer, calls, task, useTaskScratch } from './task-tool-script.js';

const scratch = useTaskScratch({ 'a.txt': 'alpha\n', 'b.txt': 'beta\n' });

/** Runs a parent with the built-in tools plus `task` against a scripted server; returns its events and result. */
async function runParent(options: {
  turns: ScriptedTurn[];
  conversations: ScriptedConversation[];
  task?: Partial<TaskToolOptions>;
  approve?: Approver;
}) {
  const server = await scratch.serve({ turns: options.turns, conversations: options.conversations });
  const model = createGlmClient({ apiKey: 'k', baseUrl: server.baseUrl, maxRetries: 0 });
  const builtins = createBuiltinTools();
  const tool = createTaskTool({ model, approve: options.approve, parentTools: builtins, ...options.task });
  const run = runAgent({
    model,
    tools: [...builtins, tool],
    workspace: await createFileWorkspace(scratch.root()),
    prompt: 'the parent task',
    ...(options.approve === undefined ? {} : { approve: options.approve }),
  });
  const events: AgentEvent[] = [];
  for await (const event of run) events.push(event);
  return { events, result: await run.result, requests: server.requests, tool };
}

/** Requests of the conversation whose first user message contains `marker`, as positions in arrival order. */
function positions(requests: RecordedRequest[], marker: string): number[] {
  return requests
    .map((request, index) => ({ index, first: firstUser(request) }))
    .filter((entry) => entry.first.includes(marker))
    .map((entry) => entry.index);
}

function firstUser(request: RecordedRequest): string {
  const message = (request.body?.messages ?? []).find((entry: { role: string }) => entry.role === 'user');
  return typeof message?.content === 'string' ? message.content : '';
}

function toolNames(request: RecordedRequest | undefined): string[] {
  return (request?.body?.tools ?? []).map((entry: { function: { name: string } }) => entry.function.name);
}

function toolResults(events: AgentEvent[]): Extract<AgentEvent, { type: 'tool-exec-end' }>[] {
  return events.filter((event) => event.type === 'tool-exec-end');
}

/** The result of one call (results of calls run at the same time arrive in any order). */
function resultOf(events: AgentEvent[], callId: string) {
  return toolResults(events).find((event) => event.callId === callId);
}

describe('the task tool', () => {
  it('runs two read-only subagents at once, returns only their answers, nests their events and sums their usage', async () => {
    // Every child turn streams slowly: a sequential run could not interleave the requests, and a concurrent one
    // has each child's first request in long before either child's first reply has ended, however busy the machine.
    const slow = { chunkDelayMs: 40, chunkSize: 4 };
    const { events, result, requests } = await runParent({
      turns: [
        calls(task('CHILD-A: where is alpha?'), task('CHILD-B: where is beta?')),
        answer('Both found.'),
      ],
      conversations: [
        {
          match: 'CHILD-A',
          turns: [
            { ...calls({ name: 'read_file', arguments: { path: 'a.txt' } }), ...slow },
            answer('alpha is in a.txt line 1', slow),
          ],
        },
        {
          match: 'CHILD-B',
          turns: [
            { ...calls({ name: 'read_file', arguments: { path: 'b.txt' } }), ...slow },
            answer('beta is in b.txt line 1', slow),
          ],
        },
      ],
    });
    expect(result.reason).toBe('done');
    expect(checkAgentEventProtocol(events)).toEqual([]);
    // The two children run at the same time, so their results may end in either order.
    const [first, second] = [resultOf(events, 'call_1'), resultOf(events, 'call_2')];
    expect(toolResults(events)).toHaveLength(2);
    expect(first).toMatchObject({
      name: 'task',
      status: 'ok',
      result: { output: 'alpha is in a.txt line 1' },
    });
    expect(second).toMatchObject({
      name: 'task',
      status: 'ok',
      result: { output: 'beta is in b.txt line 1' },
    });
    // Only the answer reaches the parent's history, never what the child read.
    const history = JSON.stringify(result.messages);
    expect(history).not.toContain('alpha\\n');
    expect(history).toContain('alpha is in a.txt line 1');

    const a = positions(requests, 'CHILD-A');
    const b = positions(requests, 'CHILD-B');
    expect(a).toHaveLength(2);
    expect(b).toHaveLength(2);
    // Both children's first requests arrived before either child's last one: they ran at the same time.
    expect(Math.max(a[0] as number, b[0] as number)).toBeLessThan(Math.min(a[1] as number, b[1] as number));

    const nested = events.filter((event) => event.type === 'subagent-event');
    expect(new Set(nested.map((event) => event.parentCallId))).toEqual(
      new Set([first?.callId, second?.callId]),
    );
    expect(new Set(nested.map((event) => event.agent))).toEqual(new Set(['general']));
    const childReads = nested.filter((event) => event.event.type === 'tool-exec-end');
    expect(childReads.map((event) => (event.event as { name: string }).name)).toEqual([
      'read_file',
      'read_file',
    ]);

    // Six requests of 100 + 10 tokens: two of the parent, two of each child.
    expect(requests).toHaveLength(6);
    expect(result.usage).toMatchObject({ inputTokens: 600, outputTokens: 60, totalTokens: 660 });
    const turnEnds = events.filter((event) => event.type === 'turn-end');
    expect(turnEnds.reduce((sum, event) => sum + event.usage.totalTokens, 0)).toBe(660);
    const runEnd = events.at(-1);
    expect(runEnd?.type === 'run-end' && runEnd.usage.totalTokens).toBe(660);
    expect(first?.result.display).toMatchObject({
      kind: 'json',
      value: { agent: 'general', reason: 'done', steps: 2, usage: { totalTokens: 220 } },
    });
  });

  it('gives the default subagent the read-only tools only, and lists the agents sorted in its description', async () => {
    const { requests, tool } = await runParent({
      turns: [calls(task('CHILD-A: look')), answer('ok')],
      conversations: [{ match: 'CHILD-A', turns: [answer('looked')] }],
      task: { definitions: [agent('zeta', undefined), agent('alpha', ['read_file'])] },
    });
    expect(toolNames(requests[0])).toContain('task');
    expect(toolNames(requests[1])).toEqual(['read_file', 'glob', 'grep', 'shell_output', 'update_plan']);
    expect(tool.description).toContain('- alpha: the alpha agent\n- general: Read-only investigator');
    expect(tool.description.indexOf('- general')).toBeLessThan(tool.description.indexOf('- zeta'));
    expect(requests[1]?.body.messages[0].content).toContain('You are a subagent of a coding agent.');
  });

  it('runs subagents that may write one at a time, in call order', async () => {
    const slow = { chunkDelayMs: 30, chunkSize: 4 };
    const { events, requests, tool } = await runParent({
      turns: [calls(task('CHILD-A: edit', 'editor'), task('CHILD-B: edit', 'editor')), answer('ok')],
      conversations: [
        { match: 'CHILD-A', turns: [answer('edited a', slow)] },
        { match: 'CHILD-B', turns: [answer('edited b', slow)] },
      ],
      task: { definitions: [agent('editor', ['read_file', 'edit_file'])] },
    });
    expect(tool.effectOf?.({ description: '', prompt: 'p', agent: 'editor' })).toBe('write');
    expect(tool.effectOf?.({ description: '', prompt: 'p' })).toBe('read');
    const order = events
      .filter((event) => event.type === 'tool-exec-start' || event.type === 'tool-exec-end')
      .map((event) => event.type);
    expect(order).toEqual(['tool-exec-start', 'tool-exec-end', 'tool-exec-start', 'tool-exec-end']);
    expect(positions(requests, 'CHILD-A')[0]).toBeLessThan(positions(requests, 'CHILD-B')[0] as number);
    expect(toolNames(requests[1])).toEqual(['read_file', 'edit_file']);
  });

  it("asks the parent's approver before every call of a subagent; a denial stays inside the subagent", async () => {
    const asked: ApprovalRequest[] = [];
    const approve: Approver = async (request) => {
      asked.push(request);
      return request.toolName === 'edit_file' ? { allowed: false, reason: 'no edits today' } : true;
    };
    const { events } = await runParent({
      turns: [calls(task('CHILD-A: edit', 'editor')), answer('ok')],
      conversations: [
        {
          match: 'CHILD-A',
          turns: [
            calls({ name: 'edit_file', arguments: { path: 'a.txt', old_string: 'alpha', new_string: 'x' } }),
            answer('I was not allowed to edit.'),
          ],
        },
      ],
      task: { definitions: [agent('editor', ['read_file', 'edit_file'])] },
      approve,
    });
    expect(asked.map((request) => [request.toolName, request.effect])).toEqual([
      ['task', 'write'],
      ['edit_file', 'write'],
    ]);
    const childEnd = events.find(
      (event) => event.type === 'subagent-event' && event.event.type === 'tool-exec-end',
    );
    expect(childEnd?.type === 'subagent-event' && childEnd.event).toMatchObject({ status: 'denied' });
    expect(toolResults(events)[0]).toMatchObject({
      status: 'ok',
      result: { output: 'I was not allowed to edit.' },
    });
  });

  it('answers task calls past maxPerTurn with an error result, and runs the others', async () => {
    const { events, requests } = await runParent({
      turns: [calls(task('CHILD-A: one'), task('CHILD-B: two')), answer('ok')],
      conversations: [
        { match: 'CHILD-A', turns: [answer('one done')] },
        { match: 'CHILD-B', turns: [answer('two done')] },
      ],
      task: { maxPerTurn: 1 },
    });
    // The refused call answers at once, so its result comes first.
    const [first, second] = [resultOf(events, 'call_1'), resultOf(events, 'call_2')];
    expect(first).toMatchObject({ status: 'ok', result: { output: 'one done' } });
    expect(second).toMatchObject({ status: 'error' });
    expect(second?.result.output).toContain('at most 1 task calls per reply, and this is number 2');
    expect(positions(requests, 'CHILD-B')).toEqual([]);
  });

  it('refuses an unknown agent, naming the available ones', async () => {
    const { events } = await runParent({
      turns: [calls(task('CHILD-A: one', 'nobody')), answer('ok')],
      conversations: [],
      task: { definitions: [agent('reviewer', undefined)] },
    });
    expect(toolResults(events)[0]?.result.output).toBe(
      'Not run: there is no agent named "nobody". Available agents: general, reviewer.',
    );
  });

  it('keeps subagents from starting their own by default, and nests them one level deeper with maxDepth 2', async () => {
    const conversations = (grandchild: boolean): ScriptedConversation[] => [
      {
        match: 'CHILD-A',
        turns: grandchild ? [calls(task('GRANDCHILD: dig')), answer('child done')] : [answer('child done')],
      },
      { match: 'GRANDCHILD', turns: [answer('grandchild done')] },
    ];
    const definitions = [agent('delegator', ['read_file', 'task'])];
    const flat = await runParent({
      turns: [calls(task('CHILD-A: go', 'delegator')), answer('ok')],
      conversations: conversations(false),
      task: { definitions },
    });
    expect(toolNames(flat.requests[1])).toEqual(['read_file']);
    expect(flat.events.find((event) => event.type === 'tool-exec-end')?.result.display).toMatchObject({
      value: { notes: ['agent "delegator": task is left out (subagents may not start subagents here)'] },
    });

    const deep = await runParent({
      turns: [calls(task('CHILD-A: go', 'delegator')), answer('ok')],
      conversations: conversations(true),
      task: { definitions, maxDepth: 2 },
    });
    expect(checkAgentEventProtocol(deep.events)).toEqual([]);
    const [, child, grandchild] = deep.requests;
    expect(toolNames(child)).toEqual(['read_file', 'task']);
    // The grandchild's read-only tools are drawn from its own parent's, the child's.
    expect(toolNames(grandchild)).toEqual(['read_file']);
    const twoDeep = deep.events.find(
      (event) => event.type === 'subagent-event' && event.event.type === 'subagent-event',
    );
    expect(twoDeep).toBeDefined();
    expect(deep.requests).toHaveLength(5);
    expect(deep.result.usage.totalTokens).toBe(5 * 110);
  });

  it('refuses to run at the depth limit, whatever tools a caller hands it', async () => {
    const model = createGlmClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' });
    const tool = createTaskTool({ model, approve: undefined, parentTools: [], depth: 1, maxDepth: 1 });
    const context = {
      callId: 'c1',
      calls: [],
      signal: new AbortController().signal,
    } as unknown as ToolContext;
    const result = await tool.run({ description: 'd', prompt: 'p' }, context);
    expect(result).toEqual({
      isError: true,
      output: 'Not run: subagents may not start subagents here (the depth limit is 1). Do the work yourself.',
    });
  });

  it('rejects limits outside their bounds', () => {
    const model = createGlmClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' });
    expect(() => createTaskTool({ model, approve: undefined, parentTools: [], maxDepth: 4 })).toThrow(
      'maxDepth must be a whole number from 1 to 3',
    );
    expect(() => createTaskTool({ model, approve: undefined, parentTools: [], maxPerTurn: 0 })).toThrow(
      'maxPerTurn must be a whole number from 1 to 16',
    );
  });
});

describe('selectChildTools', () => {
  const tools = createBuiltinTools();
  const parentTask = { name: 'task', effect: 'write' } as AnyTool;
  const names = (list: AnyTool[]) => list.map((tool) => tool.name);

  it("draws every subagent's tools from the parent's, never beyond them", () => {
    const readOnly = tools.filter((tool) => tool.name !== 'shell' && tool.effect === 'read');
    const picked = selectChildTools(agent('x', ['read_file', 'shell', 'web_fetch']), readOnly, undefined);
    expect(names(picked.tools)).toEqual(['read_file']);
    expect(picked.notes).toEqual([
      'agent "x": shell is not a tool of this run; left out',
      'agent "x": web_fetch is not a tool of this run; left out',
    ]);
    expect(names(selectChildTools(agent('x', 'all'), [...tools, parentTask], undefined).tools)).toEqual(
      names(tools),
    );
    expect(names(selectChildTools(agent('x', undefined), [...tools, parentTask], undefined).tools)).toEqual([
      'read_file',
      'glob',
      'grep',
      'shell_output',
      'update_plan',
    ]);
  });

  it('counts a subagent as a read when all its tools read', () => {
    expect(childEffect(tools.filter((tool) => tool.effect === 'read'))).toBe('read');
    expect(childEffect(tools)).toBe('write');
    expect(childEffect([parentTask])).toBe('write');
    expect(childEffect([])).toBe('read');
  });
});
