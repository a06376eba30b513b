import { runAgent } from '@wright/core';
import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { basicTools, type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const verdict = z.object({ verdict: z.enum(['pass', 'fail']), reasons: z.array(z.string()) });

describe('structured output', () => {
  it('describes the schema in a system note and returns the validated answer', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'check' } }]),
      textTurn('```json\n{"verdict":"pass","reasons":["tests green"]}\n```'),
    ]);
    const { model, workspace, server } = harness;
    const result = await runAgent({
      model,
      workspace,
      tools: basicTools(),
      prompt: 'Judge.',
      outputSchema: verdict,
    }).result;
    expect(result.reason).toBe('done');
    expect(result.output).toEqual({ verdict: 'pass', reasons: ['tests green'] });
    const note = server.requests[0]?.body.messages.at(-1);
    expect(note.role).toBe('system');
    expect(note.content).toContain('"enum":["pass","fail"]');
  });

  it('repairs once with response_format json_object, then validates', async () => {
    harness = await startHarness([
      textTurn('It passes, I think.'),
      textTurn('{"verdict":"fail","reasons":[]}'),
    ]);
    const { model, workspace, server } = harness;
    const result = await runAgent({ model, workspace, prompt: 'Judge.', outputSchema: verdict }).result;
    expect(result.reason).toBe('done');
    expect(result.output).toEqual({ verdict: 'fail', reasons: [] });
    expect(server.requests[0]?.body.response_format).toBeUndefined();
    expect(server.requests[1]?.body.response_format).toEqual({ type: 'json_object' });
    const repair = server.requests[1]?.body.messages.at(-1);
    expect(repair.role).toBe('system');
    expect(repair.content).toMatch(/not valid: it is not JSON/);
  });

  it('ends with invalid-output when the repaired answer still breaks the schema', async () => {
    harness = await startHarness([
      textTurn('{"verdict":"maybe"}'),
      textTurn('{"verdict":"maybe","reasons":[]}'),
    ]);
    const { model, workspace, server } = harness;
    const result = await runAgent({ model, workspace, prompt: 'Judge.', outputSchema: verdict }).result;
    expect(result.reason).toBe('invalid-output');
    expect(result.output).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body.messages.at(-1).content).toMatch(
      /does not match the schema[\s\S]*verdict/,
    );
  });
});
