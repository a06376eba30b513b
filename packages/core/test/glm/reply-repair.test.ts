import { describe, expect, it } from 'vitest';
import { coerceToSchema } from '../../src/agent/coerce-to-schema.js';
import { createLoopGuard } from '../../src/agent/loop-guard.js';
import { readResetTime } from '../../src/glm/classify-error.js';
import { scanToolMarkup } from '../../src/glm/recover-tool-calls.js';
import { stripStrayTokens } from '../../src/glm/stream-accumulator.js';

const tools = new Set(['read_file', 'list_dir']);

describe('scanToolMarkup', () => {
  it('reads GLM markup with and without the opening tag, values as text', () => {
    expect(
      scanToolMarkup(
        'Let me look.read_file<arg_key>path</arg_key><arg_value>a.ts</arg_value><arg_key>limit</arg_key><arg_value>5</arg_value></tool_call>\n<tool_call>list_dir</tool_call>',
        tools,
      ),
    ).toEqual({
      kind: 'calls',
      calls: [
        { name: 'read_file', arguments: '{"path":"a.ts","limit":"5"}' },
        { name: 'list_dir', arguments: '{}' },
      ],
    });
  });

  it('reads a JSON call inside the tags and a whole-answer JSON call; plain text is no call', () => {
    expect(
      scanToolMarkup('<tool_call>{"name":"list_dir","arguments":{"path":"."}}</tool_call>', tools),
    ).toEqual({
      kind: 'calls',
      calls: [{ name: 'list_dir', arguments: '{"path":"."}' }],
    });
    expect(scanToolMarkup(' {"name":"read_file","parameters":"{\\"path\\":\\"b\\"}"} ', tools)).toEqual({
      kind: 'calls',
      calls: [{ name: 'read_file', arguments: '{"path":"b"}' }],
    });
    expect(scanToolMarkup('{"name":"read_file","arguments":{},"extra":1}', tools)).toEqual({ kind: 'none' });
    expect(scanToolMarkup('The answer is 42.', tools)).toEqual({ kind: 'none' });
  });

  it('calls broken markup broken: unknown names, unclosed calls or values, text between arguments', () => {
    for (const text of [
      'nope<arg_key>a</arg_key><arg_value>1</arg_value></tool_call>',
      '<tool_call>read_file<arg_key>path</arg_key><arg_value>a.ts',
      'read_file<arg_key>path</arg_key><arg_value>a.ts</tool_call>',
      'read_file<arg_key>path</arg_key>x<arg_value>a.ts</arg_value></tool_call>',
      'read_file<arg_key>path</arg_key><arg_value>a</arg_value> and more</tool_call>',
    ]) {
      expect(scanToolMarkup(text, tools).kind, text).toBe('broken');
    }
  });
});

describe('coerceToSchema', () => {
  const schema = {
    type: 'object',
    properties: {
      count: { type: 'integer' },
      ratio: { type: 'number' },
      flag: { type: 'boolean' },
      maybe: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      list: { type: 'array', items: { type: 'integer' } },
      text: { type: 'string' },
      nested: { $ref: '#/$defs/inner' },
    },
    $defs: { inner: { type: 'object', properties: { depth: { type: 'integer' } } } },
  };

  it('converts exactly where the schema asks, and keeps the same object when nothing changes', () => {
    expect(
      coerceToSchema(
        {
          count: '5',
          ratio: '2.5',
          flag: 'True',
          maybe: 'null',
          list: '[1,"2"]',
          text: { a: 1 },
          nested: '{"depth":"3"}',
        },
        schema,
      ),
    ).toEqual({
      count: 5,
      ratio: 2.5,
      flag: true,
      maybe: null,
      list: [1, 2],
      text: '{"a":1}',
      nested: { depth: 3 },
    });
    const fine = { count: 5, text: 'x' };
    expect(coerceToSchema(fine, schema)).toBe(fine);
  });

  it('leaves inexact or impossible conversions alone', () => {
    expect(coerceToSchema({ count: '05', ratio: '1,5', flag: 'yes', text: 42 }, schema)).toEqual({
      count: '05',
      ratio: '1,5',
      flag: 'yes',
      text: 42,
    });
    expect(coerceToSchema({ count: '9007199254740993' }, schema)).toEqual({ count: '9007199254740993' });
  });
});

describe('loop guard patterns', () => {
  it('warns and stops on alternation and near-identical repeats, and names the pattern', () => {
    const guard = createLoopGuard(2);
    const verdicts = ['a', 'b', 'a', 'b', 'a'].map((name) => guard.check(name, '{}'));
    expect(verdicts).toEqual(['run', 'run', 'run', 'warn', 'stop']);
    expect(guard.pattern).toEqual({ kind: 'alternating', names: ['b', 'a'], calls: 5 });
    const near = createLoopGuard(2);
    expect(near.check('shell', '{"command":"npm  test"}')).toBe('run');
    expect(near.check('shell', '{"command":" npm test"}')).toBe('warn');
    expect(near.pattern?.kind).toBe('near-repeat');
  });
});

describe('small repairs', () => {
  it('reads the 1308 reset time as UTC+8 unless a zone is given', () => {
    expect(readResetTime('Your limit will reset at 2026-08-27 21:31:39')).toBe('2026-08-27T13:31:39.000Z');
    expect(readResetTime('reset at 2026-08-27T21:31:39Z')).toBe('2026-08-27T21:31:39.000Z');
    expect(readResetTime('reset at 2026-08-27 21:31 +0000')).toBe('2026-08-27T21:31:00.000Z');
    expect(readResetTime('Usage limit reached')).toBeUndefined();
  });

  it('drops chat-template tokens only at the end of a text', () => {
    expect(stripStrayTokens('Done.\n<|user|>')).toBe('Done.');
    expect(stripStrayTokens('Done. <|observation|>\n<|user|>  ')).toBe('Done.');
    expect(stripStrayTokens('a <|user|> b')).toBe('a <|user|> b');
    expect(stripStrayTokens('plain  ')).toBe('plain  ');
  });
});
