import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Message } from '@wright/core';
import { describe, expect, it } from 'vitest';
import { splitHistory, stubOldToolOutputs } from '../../src/agent/compaction.js';
import { createEventQueue } from '../../src/agent/event-queue.js';
import { executeToolCalls } from '../../src/agent/execute-tool-calls.js';
import { createLoopGuard } from '../../src/agent/loop-guard.js';
import { costOf, defaultPrices, lookupModel } from '../../src/agent/prices.js';

const history: Message[] = [
  { role: 'system', content: 'sys' },
  { role: 'user', content: 'task' },
  { role: 'system', content: 'schema note' },
  {
    role: 'assistant',
    content: '',
    reasoning: ' r1 ',
    toolCalls: [{ id: 'a', name: 'read', arguments: '{"p":1}' }],
  },
  { role: 'tool', toolCallId: 'a', content: 'A'.repeat(500) },
  { role: 'system', content: 'a note' },
  {
    role: 'assistant',
    content: '',
    reasoning: ' r2 ',
    toolCalls: [{ id: 'b', name: 'read', arguments: '{"p":2}' }],
  },
  { role: 'tool', toolCallId: 'b', content: 'B'.repeat(500) },
  { role: 'user', content: 'next task' },
  { role: 'assistant', content: 'done', reasoning: ' r3 ' },
];

describe('compaction parts', () => {
  it('splits a history into its head and whole turns (tool results and notes stay with their turn)', () => {
    const { head, turns } = splitHistory(history);
    expect(head.map((message) => message.content)).toEqual(['sys', 'task', 'schema note']);
    expect(turns.map((turn) => turn.map((message) => message.role))).toEqual([
      ['assistant', 'tool', 'system'],
      ['assistant', 'tool'],
      ['user'],
      ['assistant'],
    ]);
  });

  it('stubs only old tool outputs and leaves reasoning, calls and recent turns untouched', () => {
    const { messages, stubbed, savedTokens } = stubOldToolOutputs(history, 3, 200);
    expect(stubbed).toBe(1);
    expect(savedTokens).toBeGreaterThan(50);
    expect(messages[4]?.content).toMatch(
      /^\[Output removed to save context: 500 characters from read \{"p":1\}/,
    );
    expect(messages[4]?.content).toMatch(/call the tool again/);
    expect(messages[7]).toEqual(history[7]);
    expect(messages.filter((_, index) => index !== 4)).toEqual(history.filter((_, index) => index !== 4));
    // Stubbing again changes nothing.
    expect(stubOldToolOutputs(messages, 3, 200).stubbed).toBe(0);
  });
});

describe('loop guard', () => {
  it('warns on the third identical call in a row, stops on the fourth, and treats key order as the same call', () => {
    const guard = createLoopGuard(3);
    expect(guard.check('read', '{"a":1,"b":2}')).toBe('run');
    expect(guard.check('read', '{ "b": 2, "a": 1 }')).toBe('run');
    expect(guard.check('read', '{"a":1,"b":2}')).toBe('warn');
    expect(guard.check('read', '{"a":1,"b":2}')).toBe('stop');
  });

  it('compares the canonical form only when the texts differ, and resets on other arguments', () => {
    const guard = createLoopGuard(2);
    expect(guard.check('read', '{"path":"a","n":[1,{"y":1,"x":2}]}')).toBe('run');
    expect(guard.check('read', '{"n":[1,{"x":2,"y":1}],"path":"a"}')).toBe('warn');
    expect(guard.check('read', '{"path":"b"}')).toBe('run');
    expect(guard.check('write', '{"path":"b"}')).toBe('run');
    expect(guard.check('write', ' not json ')).toBe('run');
    expect(guard.check('write', 'not json')).toBe('warn');
    expect(guard.check('write', 'not json!')).toBe('run');
    expect(guard.check('write', '{"a":[1,2],"b":null}')).toBe('run');
    expect(guard.check('write', '{"b":null,"a":[2,1]}')).toBe('run');
    expect(guard.check('write', '{"b":null,"a":[2,1],"c":0}')).toBe('run');
    expect(guard.check('write', '{"b":null,"a":[2,1],"d":0}')).toBe('run');
    expect(guard.check('write', '{"a":{}}')).toBe('run');
    expect(guard.check('write', '{"a":[]}')).toBe('run');
    expect(guard.check('write', '1')).toBe('run');
    expect(guard.check('write', ' 1.0 ')).toBe('warn');
  });

  it('resets when a different call comes in between', () => {
    const guard = createLoopGuard(3);
    expect(['x', 'x', 'y', 'x', 'x'].map((name) => guard.check(name, '{}'))).toEqual([
      'run',
      'run',
      'run',
      'run',
      'run',
    ]);
  });
});

describe('prices', () => {
  it('prices cached and uncached input separately and matches model ids by prefix', () => {
    const price = lookupModel(defaultPrices, 'GLM-4.7-FP8');
    expect(price).toEqual(defaultPrices['glm-4.7']);
    const usage = {
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      outputTokens: 100_000,
      totalTokens: 0,
    };
    expect(costOf(usage, { input: 1, cachedInput: 0.1, output: 10 })).toBeCloseTo(0.6 + 0.04 + 1);
    expect(costOf(usage, undefined)).toBe(0);
  });
});

describe('event queue', () => {
  it('gives every iterator every event, also one that starts after the queue closed', async () => {
    const queue = createEventQueue<number>();
    const early = (async () => {
      const seen: number[] = [];
      const iterator = queue.iterate();
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) seen.push(next.value);
      return seen;
    })();
    queue.push(1);
    queue.push(2);
    queue.close();
    queue.push(3);
    const late: number[] = [];
    const iterator = queue.iterate();
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) late.push(next.value);
    expect(await early).toEqual([1, 2]);
    expect(late).toEqual([1, 2]);
  });

  it('keeps every event while nobody iterates, and the first iterator still gets them all', async () => {
    const queue = createEventQueue<number>();
    for (let value = 0; value < 1000; value++) queue.push(value);
    queue.close();
    expect(queue.retained()).toBe(1000);
    const seen: number[] = [];
    const iterator = queue.iterate();
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) seen.push(next.value);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, value) => value));
    expect(queue.retained()).toBe(0);
  });

  it('releases an event once every live iterator has taken it; a later iterator starts at the oldest held', async () => {
    const queue = createEventQueue<number>();
    const fast = queue.iterate();
    const slow = queue.iterate();
    for (let value = 0; value < 600; value++) queue.push(value);
    for (let index = 0; index < 600; index++) await fast.next();
    expect(queue.retained()).toBe(600);
    for (let index = 0; index < 400; index++) await slow.next();
    expect(queue.retained()).toBe(200);
    await slow.return?.();
    expect(queue.retained()).toBe(0);
    queue.push(600);
    const late = queue.iterate();
    expect(await late.next()).toEqual({ value: 600, done: false });
    expect(await fast.next()).toEqual({ value: 600, done: false });
    expect(queue.retained()).toBe(0);
  });

  it('lets consumed events be garbage-collected while unconsumed ones stay reachable', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const queue = createEventQueue<{ payload: string }>();
    const iterator = queue.iterate();
    const refs: WeakRef<{ payload: string }>[] = [];
    for (let index = 0; index < 20; index++) {
      const event = { payload: `event ${index} `.repeat(1000) };
      refs.push(new WeakRef(event));
      queue.push(event);
    }
    for (let index = 0; index < 10; index++) await iterator.next();
    // WeakRef targets stay alive until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(refs.slice(0, 10).filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    expect(refs.slice(10).filter((ref) => ref.deref() !== undefined)).toHaveLength(10);
    expect(queue.retained()).toBe(10);
  });
});

describe('executeToolCalls', () => {
  it('leaves no abort listeners behind on the run signal, however many calls it approves and runs', async () => {
    const controller = new AbortController();
    const tool = {
      name: 'noop',
      description: 'does nothing',
      effect: 'read' as const,
      parameters: { type: 'object', properties: {} },
      parse: (raw: unknown) => ({ ok: true as const, value: raw }),
      run: async () => ({ output: 'ok' }),
    };
    for (let index = 0; index < 15; index++) {
      const { outcomes } = await executeToolCalls({
        calls: [{ id: `c${index}`, name: 'noop', arguments: `{"i":${index}}` }],
        tools: new Map([['noop', tool]]),
        workspace: { root: '/', applyChanges: async () => {} },
        approve: async () => true,
        signal: controller.signal,
        loopGuard: createLoopGuard(3),
        emit: () => {},
      });
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['ok']);
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('gives a tool a call signal that aborts with the reason, even when the tool reads it only after the stop', async () => {
    const controller = new AbortController();
    const seen: { early?: AbortSignal; late?: AbortSignal } = {};
    let release = () => {};
    const tool = {
      name: 'slow',
      description: 'waits',
      effect: 'read' as const,
      parameters: { type: 'object', properties: {} },
      parse: (raw: unknown) => ({ ok: true as const, value: raw }),
      run: async (input: unknown, context: { signal: AbortSignal }) => {
        if ((input as { early: boolean }).early) seen.early = context.signal;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        if (!(input as { early: boolean }).early) seen.late = context.signal;
        return { output: 'late' };
      },
    };
    const execution = executeToolCalls({
      calls: [
        { id: 'a', name: 'slow', arguments: '{"early":true}' },
        { id: 'b', name: 'slow', arguments: '{"early":false}' },
      ],
      tools: new Map([['slow', tool]]),
      workspace: { root: '/', applyChanges: async () => {} },
      signal: controller.signal,
      loopGuard: createLoopGuard(3),
      emit: () => {},
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.early?.aborted).toBe(false);
    controller.abort(new Error('stop now'));
    const { outcomes } = await execution;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['aborted', 'aborted']);
    expect(seen.early?.aborted).toBe(true);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen.late?.aborted).toBe(true);
    expect(seen.late?.reason).toMatchObject({ message: 'stop now' });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
