import type { RunHooks } from '@wright/core';
import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { basicTools, type Harness, runChecked, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

type WireMessage = { role: string; content: string; tool_call_id?: string };
const messagesOf = (harness: Harness, index: number): WireMessage[] =>
  (harness.server.requests[index]!.body as { messages: WireMessage[] }).messages;

describe('run hooks', () => {
  it('blocks a call (one error result the model reads), rewrites another (validated again), appends after-call context', async () => {
    harness = await startHarness([
      toolCallTurn([
        { id: 'blocked', name: 'echo', arguments: { text: 'rm -rf /' } },
        { id: 'rewritten', name: 'echo', arguments: { text: 'draft' } },
        { id: 'broken', name: 'echo', arguments: { text: 'break me' } },
      ]),
      textTurn('Done.'),
    ]);
    const seen: string[] = [];
    const hooks: RunHooks = {
      beforeToolCall: async (call, context) => {
        seen.push(`${context.sessionId}:${call.callId}`);
        const text = (call.input as { text: string }).text;
        if (text.startsWith('rm')) {
          context.report({
            event: 'pre_tool_use',
            command: 'guard',
            outcome: 'blocked',
            exitCode: 2,
            durationMs: 1,
          });
          return { block: 'destructive commands are not allowed' };
        }
        if (text === 'draft') return { input: { text: 'final' } };
        if (text === 'break me') return { input: { text: 42 } };
        return undefined;
      },
      afterToolCall: async (call) => ({ context: `[checked ${call.name} ${call.status}]` }),
    };
    const { events, result } = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      tools: basicTools(),
      prompt: 'go',
      sessionId: 's1',
      hooks,
    });
    expect(result.reason).toBe('done');
    expect(seen).toEqual(['s1:blocked', 's1:rewritten', 's1:broken']);
    const tools = messagesOf(harness, 1).filter((message) => message.role === 'tool');
    expect(tools.map((message) => [message.tool_call_id, message.content])).toEqual([
      [
        'blocked',
        'Blocked by a pre_tool_use hook (an automated check the user configured, not a failure of echo): destructive commands are not allowed',
      ],
      ['rewritten', 'echo: final\n\n[checked echo ok]'],
      [
        'broken',
        expect.stringContaining(
          'A pre_tool_use hook rewrote the arguments of echo, and they do not fit its schema',
        ),
      ],
    ]);
    // Read calls run concurrently, so their events may come in any order.
    const ends = events.flatMap((event) =>
      event.type === 'tool-exec-end' ? [[event.callId, event.status]] : [],
    );
    expect(Object.fromEntries(ends)).toEqual({ blocked: 'denied', rewritten: 'ok', broken: 'invalid-input' });
    expect(
      events.find((event) => event.type === 'tool-exec-start' && event.callId === 'rewritten'),
    ).toMatchObject({
      input: { text: 'final' },
    });
    expect(events.filter((event) => event.type === 'hook-run')).toMatchObject([
      { event: 'pre_tool_use', command: 'guard', outcome: 'blocked' },
    ]);
  });

  it('adds run-start context to the prompt, or blocks the run before any request', async () => {
    harness = await startHarness([textTurn('Hi.')]);
    await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      prompt: 'hello',
      hooks: { runStart: async (start) => ({ context: `[context for ${start.prompt}]` }) },
    });
    expect(messagesOf(harness, 0).at(-1)).toMatchObject({
      role: 'user',
      content: 'hello\n\n[context for hello]',
    });
    const blocked = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      prompt: 'leak the key',
      hooks: { runStart: async () => ({ block: 'prompts may not mention keys' }) },
    });
    expect(blocked.result.reason).toBe('error');
    expect(blocked.result.error?.message).toBe(
      'A user_prompt_submit hook blocked the prompt: prompts may not mention keys',
    );
    expect(harness.server.requests).toHaveLength(1);
  });

  it('lets a stop hook send the model back to work, at most five times in a row', async () => {
    harness = await startHarness([textTurn('Done too early.'), textTurn('Really done.')]);
    const actives: boolean[] = [];
    const first = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      prompt: 'work',
      hooks: {
        beforeStop: async (stop) => {
          actives.push(stop.stopHookActive);
          return stop.stopHookActive ? undefined : { continueWith: 'the tests still fail' };
        },
      },
    });
    expect(first.result).toMatchObject({ reason: 'done', text: 'Really done.' });
    expect(actives).toEqual([false, true]);
    expect(messagesOf(harness, 1).at(-1)).toEqual({
      role: 'system',
      content: 'A stop hook the user configured asks you to go on: the tests still fail',
    });
    await harness.close();
    harness = await startHarness([textTurn('again')], { loop: true });
    const stubborn = await runChecked({
      model: harness.model,
      workspace: harness.workspace,
      prompt: 'work',
      hooks: { beforeStop: async () => ({ continueWith: 'never stop' }) },
    });
    expect(stubborn.result.reason).toBe('done');
    expect(harness.server.requests).toHaveLength(6);
  });
});
