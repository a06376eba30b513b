import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { basicTools, type Harness, runChecked, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const verdict = z.object({ verdict: z.enum(['pass', 'fail']), reasons: z.array(z.string()) });

describe('structured output', () => {
  it('describes the schema in a system note, leaves tool turns unconstrained, and returns the validated answer', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'check' } }]),
      textTurn('```json\n{"verdict":"pass","reasons":["tests green"]}\n```'),
    ]);
    const { model, workspace, server } = harness;
    const { result } = await runChecked({
      model,
      workspace,
      tools: basicTools(),
      prompt: 'Judge.',
      outputSchema: verdict,
    });
    expect(result.reason).toBe('done');
    expect(result.output).toEqual({ verdict: 'pass', reasons: ['tests green'] });
    const note = server.requests[0]?.body.messages.at(-1);
    expect(note.role).toBe('system');
    expect(note.content).toContain('"enum":["pass","fail"]');
    // Requests that may call tools are not forced into JSON.
    expect(server.requests.map((request) => request.body.response_format)).toEqual([undefined, undefined]);
  });

  it('asks for json_object on every request of a run without tools, and repairs once', async () => {
    harness = await startHarness([
      textTurn('It passes, I think.'),
      textTurn('{"verdict":"fail","reasons":[]}'),
    ]);
    const { model, workspace, server } = harness;
    const { result } = await runChecked({ model, workspace, prompt: 'Judge.', outputSchema: verdict });
    expect(result.reason).toBe('done');
    expect(result.output).toEqual({ verdict: 'fail', reasons: [] });
    expect(server.requests.map((request) => request.body.response_format)).toEqual([
      { type: 'json_object' },
      { type: 'json_object' },
    ]);
    const repair = server.requests[1]?.body.messages.at(-1);
    expect(repair.role).toBe('system');
    expect(repair.content).toMatch(/not valid: it is not JSON/);
    // The repair note is a system message: the task still has exactly one user message.
    // biome-ignore lint/suspicious/noExplicitAny: wire JSON
    const users = server.requests[1]?.body.messages.filter((message: any) => message.role === 'user');
    expect(users).toHaveLength(1);
  });

  it('sends the repair request of a tool run with json_object and the same tools (stable prefix)', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'check' } }]),
      textTurn('Looks like a pass.'),
      textTurn('{"verdict":"pass","reasons":["echo worked"]}'),
    ]);
    const { model, workspace, server } = harness;
    const { result } = await runChecked({
      model,
      workspace,
      tools: basicTools(),
      prompt: 'Judge.',
      outputSchema: verdict,
    });
    expect(result.reason).toBe('done');
    expect(result.output).toEqual({ verdict: 'pass', reasons: ['echo worked'] });
    expect(server.requests.map((request) => request.body.response_format)).toEqual([
      undefined,
      undefined,
      { type: 'json_object' },
    ]);
    const toolBytes = server.requests.map((request) => JSON.stringify(request.body.tools));
    expect(new Set(toolBytes).size).toBe(1);
  });

  it('ends with invalid-output when the repaired answer still breaks the schema (one repair round only)', async () => {
    harness = await startHarness([
      textTurn('{"verdict":"maybe"}'),
      textTurn('{"verdict":"maybe","reasons":[]}'),
      textTurn('{"verdict":"pass","reasons":[]}'),
    ]);
    const { model, workspace, server } = harness;
    const { result } = await runChecked({ model, workspace, prompt: 'Judge.', outputSchema: verdict });
    expect(result.reason).toBe('invalid-output');
    expect(result.output).toBeUndefined();
    expect(result.error?.message).toMatch(/not valid/);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body.messages.at(-1).content).toMatch(
      /does not match the schema[\s\S]*verdict/,
    );
  });
});
