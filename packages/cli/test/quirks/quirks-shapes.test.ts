import type { Quirk } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { answerText, editReasoning, fixTurns, readReasoning, readTurn } from './fix-script.js';
import { cleanUpQuirkRuns, execOutputs, execStatuses, retries, runThroughQuirks } from './quirk-harness.js';

afterEach(cleanUpQuirkRuns);

/** Shapes a robust client takes in its stride: the fix completes with no retry and reasoning intact. */
const benign: Array<{ quirk: Quirk; provider?: 'zai' | 'vllm' | 'sglang' | 'llama-cpp'; source: string }> = [
  { quirk: 'role-every-delta', source: 'A11 role repeated in every delta' },
  { quirk: 'no-usage', source: 'A11 usage absent' },
  { quirk: 'usage-separate-chunk', source: 'A11 usage on a trailing chunk only' },
  { quirk: 'reasoning-field-reasoning', source: 'B19/vLLM reasoning under `reasoning`' },
  { quirk: 'whole-call-one-delta', source: 'B14 the whole call in one delta' },
  { quirk: 'arguments-object', source: 'B18 arguments as an object' },
  { quirk: 'repeat-id-name', source: 'B16 a final delta repeating id and name' },
  { quirk: 'stop-reason-number', source: 'B14 stop_reason 151338' },
  { quirk: 'two-finish-chunks', source: 'A2 two finish chunks' },
  { quirk: 'crlf', source: 'SSE with CRLF line ends' },
  { quirk: 'split-utf8', source: 'C multi-byte characters split across network chunks' },
  { quirk: 'think-tags-in-content', provider: 'vllm', source: 'B19 <think> tags in content' },
  { quirk: 'close-think-only', provider: 'sglang', source: 'B19 only </think> present' },
  { quirk: 'stray-user-token', provider: 'llama-cpp', source: 'B20 a stray <|user|> at the end' },
];

describe('quirks that must be accepted silently', () => {
  for (const { quirk, provider, source } of benign) {
    it(`${quirk} (${source}): the fix completes, reasoning byte for byte, no retry`, async () => {
      const run = await runThroughQuirks(fixTurns([quirk]), provider === undefined ? {} : { provider });
      expect(run.result.reason).toBe('done');
      expect(run.result.text).toBe(answerText);
      expect(await run.read('src/range.js')).toContain('value < end;');
      expect(execStatuses(run.events)).toEqual(['read_file:ok', 'edit_file:ok']);
      expect(retries(run.events)).toEqual([]);
      const reasoning = run.result.messages.flatMap((message) =>
        message.role === 'assistant' && message.reasoning !== undefined ? [message.reasoning] : [],
      );
      expect(reasoning).toEqual([readReasoning, editReasoning, 'The fix is in place.']);
      const ends = run.events.filter((event) => event.type === 'message-end');
      expect(ends.map((event) => event.stopReason)).toEqual(['tool-calls', 'tool-calls', 'stop']);
    });
  }

  it('scalars-as-strings (B18): read_file gets offset "1" and limit "3" and still reads the lines', async () => {
    const run = await runThroughQuirks([
      readTurn(['scalars-as-strings'], {
        toolCalls: [{ name: 'read_file', arguments: { path: 'src/range.js', offset: 1, limit: 3 } }],
      }),
      { content: 'Read it.' },
    ]);
    expect(run.requests[0]?.body).toBeDefined();
    expect(execStatuses(run.events)).toEqual(['read_file:ok']);
    expect(execOutputs(run.events)[0]).toContain('export function range');
    expect(execOutputs(run.events)[0]).toContain('Showing lines 1-3 of');
    expect(run.result.reason).toBe('done');
  });

  it('string-json-as-object (B18): JSON text for a string parameter arrives as an object and is written as text', async () => {
    const run = await runThroughQuirks([
      {
        toolCalls: [
          { name: 'write_file', arguments: { path: 'notes.json', content: '{"fixed":true,"bound":"end"}' } },
        ],
        quirks: ['string-json-as-object'],
      },
      { content: 'Wrote the notes.' },
    ]);
    expect(execStatuses(run.events)).toEqual(['write_file:ok']);
    expect(await run.read('notes.json')).toBe('{"fixed":true,"bound":"end"}');
  });

  it('empty-arguments-doubled (B14, SGLang): a no-argument call sent as {}{} runs', async () => {
    const run = await runThroughQuirks([
      { toolCalls: [{ name: 'list_root', arguments: {} }], quirks: ['empty-arguments-doubled'] },
      { content: 'Listed.' },
    ]);
    expect(execStatuses(run.events)).toEqual(['list_root:ok']);
    const call = run.result.messages.find((message) => message.role === 'assistant')?.toolCalls?.[0];
    expect(call?.arguments).toBe('{}');
  });

  it('repeat-id-name (B16): the id of the first appearance is kept and the pairing stays exact', async () => {
    const run = await runThroughQuirks([
      readTurn(['repeat-id-name'], {
        toolCalls: [{ id: 'call_first', name: 'read_file', arguments: { path: 'src/range.js' } }],
      }),
      { content: 'Read it.' },
    ]);
    const ids = run.events.flatMap((event) => (event.type === 'tool-exec-end' ? [event.callId] : []));
    expect(ids).toEqual(['call_first']);
  });

  it('duplicate-ids (issue 10): two calls with one id both run, each answered once, ids made unique', async () => {
    const run = await runThroughQuirks([
      {
        toolCalls: [
          { id: 'call_same', name: 'read_file', arguments: { path: 'src/range.js' } },
          { id: 'call_same', name: 'read_file', arguments: { path: 'notes.json' } },
        ],
        quirks: ['duplicate-ids'],
      },
      { content: 'Read both.' },
    ]);
    // Reads run concurrently, so their end events may come in either order; the history keeps call order.
    const ends = run.events.flatMap((event) => (event.type === 'tool-exec-end' ? [event.callId] : []));
    expect(ends.sort()).toEqual(['call_same', 'call_same_2']);
    const answers = run.result.messages.flatMap((message) => (message.role === 'tool' ? [message] : []));
    expect(answers.map((message) => message.toolCallId)).toEqual(['call_same', 'call_same_2']);
    expect(answers[0]?.content).toContain('export function range');
    expect(answers[1]?.content).toContain('{}');
    const results = (
      (run.requests[1]?.body.messages ?? []) as Array<{ role: string; tool_call_id?: string }>
    ).filter((message) => message.role === 'tool');
    expect(results.map((message) => message.tool_call_id)).toEqual(['call_same', 'call_same_2']);
  });

  it('polluted-tool-name (C, GLM-5#84): the call gets an unknown-tool result naming the real tools, and the run goes on', async () => {
    const run = await runThroughQuirks([
      readTurn(['polluted-tool-name']),
      readTurn(),
      { content: 'Read it.' },
    ]);
    expect(execStatuses(run.events)).toEqual(['read_file<arg_key>path:unknown-tool', 'read_file:ok']);
    const output = execOutputs(run.events)[0] ?? '';
    expect(output).toContain('There is no tool named "read_file<arg_key>path"');
    expect(output).toContain('Did you mean read_file?');
    expect(output).toMatch(/Available tools: .*read_file.*edit_file.*shell/);
    expect(run.result.reason).toBe('done');
  });

  it('A8: every request names clear_thinking explicitly and never forces a tool choice; a turn without reasoning is fine', async () => {
    const run = await runThroughQuirks([readTurn([], { reasoning: undefined }), { content: 'Read it.' }]);
    for (const request of run.requests) {
      expect(request.body.thinking).toEqual({ type: 'enabled', clear_thinking: false });
      expect(request.body.tool_choice ?? 'auto').toBe('auto');
    }
    expect(run.result.reason).toBe('done');
  });
});
