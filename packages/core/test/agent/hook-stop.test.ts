import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { basicTools, type Harness, runChecked, startHarness } from './harness.js';

// A hook answering `stop` (Claude Code's `continue: false`) ends the run with reason `hook-stopped`, wherever it
// runs; every call of the reply still gets exactly one result.

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const write = (id: string) => ({ id, name: 'write_file', arguments: { path: `${id}.txt`, content: id } });
const statuses = (events: Awaited<ReturnType<typeof runChecked>>['events']) =>
  events.flatMap((event) => (event.type === 'tool-exec-end' ? [[event.callId, event.status]] : []));

describe('a hook that ends the run', () => {
  it('pre_tool_use: the call does not run, later calls are skipped, the run ends hook-stopped', async () => {
    harness = await startHarness([
      toolCallTurn([write('a'), write('b'), write('c')]),
      textTurn('never asked'),
    ]);
    const asked: string[] = [];
    const { events, result } = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      tools: basicTools(),
      prompt: 'write three files',
      approve: async (request) => {
        asked.push(String((request.input as { path: string }).path));
        return true;
      },
      hooks: {
        beforeToolCall: async (call) =>
          call.callId === 'b' ? { stop: 'the deploy window closed', block: 'ignored' } : undefined,
      },
    });
    expect(result.reason).toBe('hook-stopped');
    expect(result.summary?.split('\n')[0]).toBe(
      'A pre_tool_use hook ended the run: the deploy window closed. Steps taken: 1.',
    );
    expect(statuses(events)).toEqual([
      ['a', 'ok'],
      ['b', 'denied'],
      ['c', 'skipped'],
    ]);
    // No approval is asked for calls that will not run; the stop reason is the user's, not the model's.
    expect(asked).toEqual(['a.txt']);
    const tool = result.messages.filter((message) => message.role === 'tool');
    expect(tool.map((message) => message.content)).toEqual([
      'wrote a.txt',
      'Not run: a pre_tool_use hook the user configured ended the run.',
      'Not run: a hook ended the run; the run stopped before this call.',
    ]);
    expect(harness.server.requests).toHaveLength(1);
  });

  it('pre_tool_use in a batch of reads: no call of the batch starts', async () => {
    harness = await startHarness([
      toolCallTurn([
        { id: 'x', name: 'echo', arguments: { text: 'x' } },
        { id: 'y', name: 'echo', arguments: { text: 'y' } },
      ]),
    ]);
    const { events, result } = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      tools: basicTools(),
      prompt: 'echo',
      hooks: { beforeToolCall: async (call) => (call.callId === 'y' ? { stop: 'enough' } : undefined) },
    });
    expect(result.reason).toBe('hook-stopped');
    // The calls of a batch of reads end in any order: one result each, looked up by call id.
    expect(statuses(events).sort(([left], [right]) => String(left).localeCompare(String(right)))).toEqual([
      ['x', 'skipped'],
      ['y', 'denied'],
    ]);
  });

  it('post_tool_use: the result stands (with its context), later calls are skipped', async () => {
    harness = await startHarness([toolCallTurn([write('a'), write('b')]), textTurn('never asked')]);
    const { events, result } = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      tools: basicTools(),
      prompt: 'write two files',
      hooks: { afterToolCall: async () => ({ context: 'lint: 3 errors', stop: 'Lint failed!' }) },
    });
    expect(result.reason).toBe('hook-stopped');
    expect(result.summary?.split('\n')[0]).toBe(
      'A post_tool_use hook ended the run: Lint failed! Steps taken: 1.',
    );
    expect(statuses(events)).toEqual([
      ['a', 'ok'],
      ['b', 'skipped'],
    ]);
    expect(result.messages.find((message) => message.role === 'tool')?.content).toBe(
      'wrote a.txt\n\nlint: 3 errors',
    );
  });

  it('run start: no request is sent', async () => {
    harness = await startHarness([textTurn('never asked')]);
    const { result } = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      prompt: 'hello',
      hooks: { runStart: async () => ({ stop: 'out of office', context: 'ignored' }) },
    });
    expect(result.reason).toBe('hook-stopped');
    expect(result.summary?.split('\n')[0]).toBe(
      'A session_start or user_prompt_submit hook ended the run: out of office. Steps taken: 0.',
    );
    expect(harness.server.requests).toHaveLength(0);
  });

  it('stop: wins over sending the model back to work', async () => {
    harness = await startHarness([textTurn('Finished.'), textTurn('never asked')]);
    const { result } = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      prompt: 'work',
      hooks: { beforeStop: async () => ({ continueWith: 'go on', stop: 'that is all for today' }) },
    });
    expect(result).toMatchObject({ reason: 'hook-stopped', text: 'Finished.' });
    expect(result.summary?.split('\n')[0]).toBe(
      'A stop hook ended the run: that is all for today. Steps taken: 1.',
    );
    expect(harness.server.requests).toHaveLength(1);
  });
});
