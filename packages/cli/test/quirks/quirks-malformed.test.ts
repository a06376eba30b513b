import { afterEach, describe, expect, it } from 'vitest';
import { answerText, answerTurn, editTurn, readReasoning, readTurn } from './fix-script.js';
import { cleanUpQuirkRuns, execOutputs, execStatuses, retries, runThroughQuirks } from './quirk-harness.js';

afterEach(cleanUpQuirkRuns);

/** Whether each request was streamed. */
const streamed = (requests: Array<{ body: { stream?: boolean } }>) =>
  requests.map((request) => request.body.stream === true);

describe('replies that are never a final answer: recovered when they read cleanly', () => {
  for (const quirk of ['markup-in-reasoning', 'markup-in-content', 'json-call-in-content'] as const) {
    it(`${quirk} (A1/B20): the call written as text is recovered and runs; reasoning is kept byte for byte`, async () => {
      const run = await runThroughQuirks([readTurn([quirk]), editTurn(), answerTurn()]);
      expect(run.result.reason).toBe('done');
      expect(await run.read('src/range.js')).toContain('value < end;');
      expect(execStatuses(run.events)).toEqual(['read_file:ok', 'edit_file:ok']);
      expect(retries(run.events)).toEqual([]);
      const first = run.result.messages.find((message) => message.role === 'assistant');
      expect(first?.toolCalls?.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
        ['read_file', { path: 'src/range.js' }],
      ]);
      if (quirk === 'markup-in-reasoning') {
        expect(first?.reasoning).toBe(
          `${readReasoning}\nread_file<arg_key>path</arg_key><arg_value>src/range.js</arg_value></tool_call>`,
        );
      } else {
        expect(first?.reasoning).toBe(readReasoning);
      }
    });
  }
});

describe('replies that are never a final answer: retried without streaming, bounded', () => {
  for (const { quirk, problem } of [
    { quirk: 'tool-calls-without-calls', problem: /finish_reason "tool_calls" but carried no tool calls/ },
    {
      quirk: 'broken-markup-in-reasoning',
      problem: /tool call as text in its reasoning that cannot be read/,
    },
    {
      quirk: 'corrupt-arguments',
      problem: /arguments of the read_file call \(call_read\) are not valid JSON/,
    },
  ] as const) {
    it(`${quirk}: one retry without streaming, then the fix completes`, async () => {
      const run = await runThroughQuirks([readTurn([quirk]), readTurn(), editTurn(), answerTurn()]);
      expect(run.result.reason).toBe('done');
      expect(retries(run.events)).toEqual([
        { code: 'malformed-reply', message: expect.stringMatching(problem) },
      ]);
      expect(streamed(run.requests)).toEqual([true, false, true, true]);
      expect(execStatuses(run.events)).toEqual(['read_file:ok', 'edit_file:ok']);
      expect(await run.read('src/range.js')).toContain('value < end;');
    });
  }

  it('answer-in-reasoning (B19): the answer turn is retried without streaming, then the fix completes', async () => {
    const run = await runThroughQuirks([
      readTurn(),
      editTurn(),
      answerTurn(['answer-in-reasoning']),
      answerTurn(),
    ]);
    expect(run.result.reason).toBe('done');
    expect(retries(run.events)).toEqual([
      { code: 'malformed-reply', message: 'The reply held reasoning but no answer and no tool call.' },
    ]);
    expect(streamed(run.requests)).toEqual([true, true, true, false]);
    expect(run.result.text).toBe(answerText);
  });

  it('answer-in-reasoning every time: the run stops with a malformed-reply error, never "done"', async () => {
    const run = await runThroughQuirks([readTurn(), editTurn(), answerTurn(['answer-in-reasoning'])], {
      loop: true,
    });
    expect(run.result.reason).toBe('error');
    expect(run.result.error?.message).toBe(
      'The reply held reasoning but no answer and no tool call (3 attempts).',
    );
    expect(run.requests).toHaveLength(5);
  });

  for (const { quirk, message } of [
    {
      quirk: 'tool-calls-without-calls',
      message: /finish_reason "tool_calls" but carried no tool calls \(3 attempts\)/,
    },
    { quirk: 'broken-markup-in-reasoning', message: /cannot be read as a call .*\(3 attempts\)/ },
  ] as const) {
    it(`${quirk} every time: the run stops with a malformed-reply error, never "done"`, async () => {
      const run = await runThroughQuirks([readTurn([quirk])], { loop: true });
      expect(run.result.reason).toBe('error');
      expect(run.result.error?.code).toBe('malformed-reply');
      expect(run.result.error?.message).toMatch(message);
      expect(run.requests).toHaveLength(3);
      expect(execStatuses(run.events)).toEqual([]);
      expect(await run.read('src/range.js')).toContain('value < end - 1;');
    });
  }

  it('corrupt-arguments every time: after the retries the call is answered with the parse error and never runs', async () => {
    const corrupt = editTurn(['corrupt-arguments']);
    const run = await runThroughQuirks([corrupt, corrupt, corrupt, editTurn(), answerTurn()]);
    expect(retries(run.events).map((retry) => retry.code)).toEqual(['malformed-reply', 'malformed-reply']);
    expect(execStatuses(run.events)).toEqual(['edit_file:invalid-input', 'edit_file:ok']);
    expect(execOutputs(run.events)[0]).toMatch(
      /The arguments for edit_file are not valid JSON .*Send them again as one JSON object/,
    );
    expect(run.result.reason).toBe('done');
    expect(run.result.text).toBe(answerText);
  });

  it('an empty reply is retried and never taken as the answer', async () => {
    const run = await runThroughQuirks([{ content: '' }, answerTurn()]);
    expect(retries(run.events)).toEqual([
      { code: 'malformed-reply', message: 'The reply was empty: no answer and no tool call.' },
    ]);
    expect(run.result.text).toBe(answerText);
  });
});
