import type { ScriptedTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { answerText, answerTurn, editTurn, readTurn } from './fix-script.js';
import { cleanUpQuirkRuns, execStatuses, runThroughQuirks } from './quirk-harness.js';

afterEach(cleanUpQuirkRuns);

const shell = (command: string): ScriptedTurn => ({ toolCalls: [{ name: 'shell', arguments: { command } }] });
const read = (path: string, extra: Record<string, unknown> = {}): ScriptedTurn => ({
  toolCalls: [{ name: 'read_file', arguments: { path, ...extra } }],
});

/** No request of the run carries a user message after the first one: the guards speak through tool results. */
function expectNoInjectedUserMessages(requests: Array<{ body: { messages: Array<{ role: string }> } }>) {
  for (const request of requests) {
    expect(request.body.messages.filter((message) => message.role === 'user')).toHaveLength(1);
  }
}

describe('loop guard (C: GLM repeats calls)', () => {
  it('the same call again and again: warned on the 3rd, stopped on the 4th with loop-detected', async () => {
    const run = await runThroughQuirks([read('src/range.js')], { loop: true });
    expect(execStatuses(run.events)).toEqual([
      'read_file:ok',
      'read_file:ok',
      'read_file:loop-warning',
      'read_file:skipped',
    ]);
    expect(run.result.reason).toBe('loop-detected');
    expect(run.result.summary).toMatch(/^The same tool call was repeated 3 times and more\./);
    expectNoInjectedUserMessages(run.requests);
  });

  it('near-identical calls (./, a number as text) count as the same call', async () => {
    const run = await runThroughQuirks([
      read('src/range.js', { offset: 1 }),
      read('./src/range.js', { offset: '1' }),
      read('src/range.js', { offset: 1 }),
      read('./src/range.js', { offset: 1 }),
    ]);
    expect(execStatuses(run.events)).toEqual([
      'read_file:ok',
      'read_file:ok',
      'read_file:loop-warning',
      'read_file:skipped',
    ]);
    expect(run.result.reason).toBe('loop-detected');
    expect(run.result.summary).toMatch(
      /^The same read_file call, with only trivially different arguments, was repeated 3 times/,
    );
  });

  it('two calls taking turns (A, B, A, B, …): warned on the 6th call, stopped on the 7th', async () => {
    const run = await runThroughQuirks([
      read('src/range.js'),
      shell('node -e "1"'),
      read('src/range.js'),
      shell('node -e "1"'),
      read('src/range.js'),
      shell('node -e "1"'),
      read('src/range.js'),
    ]);
    expect(execStatuses(run.events)).toEqual([
      'read_file:ok',
      'shell:ok',
      'read_file:ok',
      'shell:ok',
      'read_file:ok',
      'shell:loop-warning',
      'read_file:skipped',
    ]);
    expect(run.result.reason).toBe('loop-detected');
    expect(run.result.summary).toMatch(
      /alternating between the same two tool calls \(shell and read_file\) for 7 calls/,
    );
    const warning = run.events.find(
      (event) => event.type === 'tool-exec-end' && event.status === 'loop-warning',
    );
    expect(warning?.type === 'tool-exec-end' && warning.result.output).toMatch(
      /alternating between the same two calls/,
    );
    expectNoInjectedUserMessages(run.requests);
  });

  it('a model that heeds the warning goes on and finishes', async () => {
    const run = await runThroughQuirks([
      read('src/range.js'),
      read('src/range.js'),
      read('src/range.js'),
      editTurn(),
      answerTurn(),
    ]);
    expect(execStatuses(run.events)).toEqual([
      'read_file:ok',
      'read_file:ok',
      'read_file:loop-warning',
      'edit_file:ok',
    ]);
    expect(run.result.reason).toBe('done');
  });
});

describe('reasoning budget (C: thinking that never ends)', () => {
  const endless = (extra: Partial<ScriptedTurn> = {}): ScriptedTurn => ({
    reasoning: '我在想。'.repeat(400),
    content: 'never reached',
    chunkSize: 16,
    ...extra,
  });

  it('an overrun is cut off and the turn asked again with thinking off; nothing of it joins the history', async () => {
    const run = await runThroughQuirks([readTurn(), endless(), editTurn(), answerTurn()], {
      run: { maxReasoningChars: 300 },
    });
    expect(run.result.reason).toBe('done');
    expect(run.result.text).toBe(answerText);
    expect(run.requests.map((request) => request.body.thinking.type)).toEqual([
      'enabled',
      'enabled',
      'disabled',
      'enabled',
    ]);
    const note = run.events.find((event) => event.type === 'note');
    expect(note?.type === 'note' && note.message).toBe(
      'The model thought for more than 300 characters without answering; asking again with thinking off.',
    );
    expect(JSON.stringify(run.result.messages)).not.toContain('我在想。我在想。');
    expectNoInjectedUserMessages(run.requests);
  });

  it('two overruns in a row stop the run with reasoning-budget', async () => {
    const run = await runThroughQuirks([readTurn(), endless()], {
      loop: true,
      run: { maxReasoningChars: 300 },
    });
    expect(run.result.reason).toBe('reasoning-budget');
    expect(run.result.summary).toMatch(
      /^The model thought for more than 300 characters without answering, twice in a row/,
    );
    expect(run.requests).toHaveLength(3);
  });
});

describe('request limits (A10)', () => {
  it('a tool name the platform would reject ends the run before anything is sent, naming the tool', async () => {
    const badTool = {
      name: 'read.file',
      description: 'A tool with a dot in its name.',
      effect: 'read' as const,
      parameters: { type: 'object', properties: {} },
      parse: (input: unknown) => ({ ok: true as const, value: input }),
      run: async () => ({ output: 'never' }),
    };
    const run = await runThroughQuirks([answerTurn()], { run: { tools: [badTool] } });
    expect(run.requests).toHaveLength(0);
    expect(run.result.reason).toBe('error');
    expect(run.result.error?.message).toBe('Tool name "read.file" must match ^[a-zA-Z0-9_-]{1,64}$.');
  });
});
