import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ToolContext, wrightError } from '@wright/core';
import { createFileWorkspace, defineTool, isValidToolName } from '@wright/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

let directory: string;
let context: ToolContext;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'wright-define-'));
  context = {
    workspace: await createFileWorkspace(directory),
    signal: new AbortController().signal,
    callId: 'call-1',
    approve: async () => true,
    progress: () => {},
  };
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const echo = defineTool({
  name: 'echo',
  description: 'Echoes text.',
  effect: 'read',
  input: z.object({
    text: z.string().describe('What to echo'),
    times: z.number().int().min(1).optional(),
    mode: z.enum(['loud', 'quiet']).default('quiet'),
  }),
  async run(input) {
    if (input.text === 'boom') throw new Error('exploded');
    if (input.text === 'wright') throw wrightError('tool', 'No such thing.', { hint: 'Try another.' });
    if (input.text === 'rich') return { output: 'model text', display: { kind: 'text', text: 'ui text' } };
    return input.text.repeat(input.times ?? 1);
  },
});

describe('defineTool', () => {
  it('computes the JSON Schema once, as an input-side object schema without $schema', () => {
    expect(echo.parameters).toEqual({
      type: 'object',
      properties: {
        text: { type: 'string', description: 'What to echo' },
        times: { type: 'integer', minimum: 1 },
        mode: { type: 'string', enum: ['loud', 'quiet'], default: 'quiet' },
      },
      required: ['text'],
    });
    expect(echo.parameters).toBe(echo.parameters);
  });

  it('validates input with plain-words messages', () => {
    expect(echo.parse({})).toEqual({ ok: false, message: 'Invalid arguments: `text` is required.' });
    expect(echo.parse({ text: 'a', times: '3' })).toEqual({
      ok: false,
      message: 'Invalid arguments: `times` must be a number, got string.',
    });
    expect(echo.parse({ text: 'a', times: 0, mode: 'x' })).toEqual({
      ok: false,
      message: 'Invalid arguments: `times` must be at least 1; `mode` must be one of "loud", "quiet".',
    });
    expect(echo.parse('text')).toEqual({
      ok: false,
      message: 'Invalid arguments: the arguments must be a JSON object, got string.',
    });
    expect(echo.parse({ text: 'a' })).toEqual({ ok: true, value: { text: 'a', mode: 'quiet' } });
  });

  it('validates input before run even when the caller skipped parse, without parsing twice', async () => {
    expect(await echo.run({ times: 2 } as never, context)).toEqual({
      isError: true,
      output: 'Invalid arguments: `text` is required.',
    });
    expect(await echo.run({ text: 'x' } as never, context)).toEqual({ output: 'x' });
    const doubled = defineTool({
      name: 'doubled',
      description: 'Doubles a numeric string.',
      effect: 'read',
      input: z.object({ value: z.string().transform((text) => Number(text) * 2) }),
      run: async (input) => String(input.value),
    });
    const checked = doubled.parse({ value: '21' });
    expect(checked).toEqual({ ok: true, value: { value: 42 } });
    if (checked.ok) expect(await doubled.run(checked.value, context)).toEqual({ output: '42' });
  });

  it('turns strings into results and keeps model text apart from display', async () => {
    expect(await echo.run({ text: 'ab', times: 2, mode: 'quiet' }, context)).toEqual({ output: 'abab' });
    expect(await echo.run({ text: 'rich', mode: 'quiet' }, context)).toEqual({
      output: 'model text',
      display: { kind: 'text', text: 'ui text' },
    });
  });

  it('turns thrown errors into error results written for the model', async () => {
    expect(await echo.run({ text: 'boom', mode: 'quiet' }, context)).toEqual({
      isError: true,
      output: 'Error: exploded',
    });
    expect(await echo.run({ text: 'wright', mode: 'quiet' }, context)).toEqual({
      isError: true,
      output: 'No such thing. Try another.',
    });
  });

  it('enforces the tool name rule', () => {
    for (const name of ['read_file', 'a-b', 'X9', 'a'.repeat(64)]) expect(isValidToolName(name)).toBe(true);
    for (const name of ['', 'a b', 'a.b', 'ä', 'a'.repeat(65), 'x/y'])
      expect(isValidToolName(name)).toBe(false);
    expect(() =>
      defineTool({
        name: 'bad name',
        description: '',
        effect: 'read',
        input: z.object({}),
        run: async () => '',
      }),
    ).toThrow(/invalid/);
  });

  it('refuses non-object schemas', () => {
    expect(() =>
      defineTool({ name: 'x', description: '', effect: 'read', input: z.string(), run: async () => '' }),
    ).toThrow(/z\.object/);
  });

  it('keeps describe and timeoutMs', async () => {
    const tool = defineTool({
      name: 'slow',
      description: 'd',
      effect: 'execute',
      input: z.object({ command: z.string() }),
      timeoutMs: 5000,
      describe: async (input) => ({ title: `run ${input.command}` }),
      run: async () => 'ok',
    });
    expect(tool.timeoutMs).toBe(5000);
    expect(await tool.describe?.({ command: 'ls' }, context)).toEqual({ title: 'run ls' });
  });
});
