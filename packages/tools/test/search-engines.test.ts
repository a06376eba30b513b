import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type GrepOptions, searchFiles } from '@wright/tools';
import { collectLimit, formatGrepResult, hasRipgrep } from '@wright/tools/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatchCollector } from '../src/search/match-collector.js';
import { createRipgrepOutputReader } from '../src/search/ripgrep-output.js';

const hasRg = await hasRipgrep();
let root: string;

const longAscii = `${'x'.repeat(5000)} NEEDLE ${'y'.repeat(5000)}`;
const longCjk = `${'漢'.repeat(1500)}NEEDLE${'字'.repeat(3000)}`;
const longEmoji = `${'😀'.repeat(700)}NEEDLE`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'wright-search-'));
  const files: Record<string, string | Buffer> = {
    'long/ascii.min.js': `${longAscii}\nshort NEEDLE\n`,
    'long/cjk.txt': `${longCjk}\n`,
    'long/emoji.txt': `${longEmoji}\r\n`,
    'long/exact.txt': `${'a'.repeat(494)}NEEDLE\n${'b'.repeat(1994)}NEEDLE\n`,
    'endings/crlf.txt': 'one NEEDLE\r\ntwo\r\nthree NEEDLE\r\n',
    'endings/lone-cr.txt': 'a\rNEEDLE\rb\nNEEDLE at 2',
    'endings/bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('NEEDLE after a BOM\n')]),
    'endings/latin1.txt': Buffer.from([0x4e, 0x45, 0x45, 0x44, 0x4c, 0x45, 0x20, 0xe9, 0xff, 0x0a]),
    'spans/a.ts': 'export const alpha = 1;\n// TODO: alpha\n\nNEEDLE\n',
    'binary.dat': Buffer.from('NEEDLE\0binary\n'),
  };
  // Many files with several matches each, to check which ones a small maxResults keeps.
  for (let index = 0; index < 60; index++) {
    files[`many/file-${String((index * 37) % 60).padStart(2, '0')}.txt`] = 'NEEDLE\nno\nNEEDLE\nNEEDLE\n';
  }
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

const cases: [string, Omit<GrepOptions, 'engine'>][] = [
  ['long lines are cut to the same prefix', { pattern: 'NEEDLE', path: 'long' }],
  ['line endings, a BOM and invalid UTF-8', { pattern: 'NEEDLE|\\xe9|é', path: 'endings' }],
  ['anchors', { pattern: '^NEEDLE', path: 'endings' }],
  ['end anchor on CRLF lines', { pattern: 'NEEDLE$', path: 'endings' }],
  ['a pattern that could match across lines', { pattern: '1;\\s*//', path: 'spans' }],
  ['empty lines', { pattern: '^$', path: 'spans' }],
  ['a literal', { pattern: 'NEEDLE', literal: true, path: 'endings' }],
  ['a literal, case-insensitive', { pattern: 'needle', literal: true, caseInsensitive: true }],
  ['a file named explicitly that is binary', { pattern: 'NEEDLE', path: 'binary.dat' }],
  ['few results kept out of many', { pattern: 'NEEDLE', path: 'many', maxResults: 7 }],
  ['every result kept', { pattern: 'NEEDLE', maxResults: 1000 }],
];

describe('search engines', () => {
  it('the JavaScript engine cuts long lines at 500 code units and finds every line of the fixture', async () => {
    const result = await searchFiles(root, { pattern: 'NEEDLE', path: 'long', engine: 'js' });
    expect(result.matches.map((match) => [match.path, match.line, match.text])).toEqual([
      ['long/ascii.min.js', 1, longAscii.slice(0, 500)],
      ['long/ascii.min.js', 2, 'short NEEDLE'],
      ['long/cjk.txt', 1, longCjk.slice(0, 500)],
      ['long/emoji.txt', 1, longEmoji.slice(0, 500)],
      ['long/exact.txt', 1, `${'a'.repeat(494)}NEEDLE`],
      ['long/exact.txt', 2, `${'b'.repeat(500)}`],
    ]);
    expect(formatGrepResult(result, 'NEEDLE')).toContain(
      `long/cjk.txt:1:${'漢'.repeat(300)}… [line truncated]`,
    );
  });

  it('the JavaScript engine splits lines at \\n only, drops a BOM and a final \\r', async () => {
    const result = await searchFiles(root, { pattern: 'NEEDLE', path: 'endings', engine: 'js' });
    expect(
      result.matches.map((match) => `${match.path}:${match.line}:${JSON.stringify(match.text)}`),
    ).toEqual([
      'endings/bom.txt:1:"NEEDLE after a BOM"',
      'endings/crlf.txt:1:"one NEEDLE"',
      'endings/crlf.txt:3:"three NEEDLE"',
      'endings/latin1.txt:1:"NEEDLE \uFFFD\uFFFD"',
      'endings/lone-cr.txt:1:"a\\rNEEDLE\\rb"',
      'endings/lone-cr.txt:2:"NEEDLE at 2"',
    ]);
  });

  it('the JavaScript engine tests lookaround patterns line by line', async () => {
    const result = await searchFiles(root, { pattern: 'alpha(?!\\s)', path: 'spans', engine: 'js' });
    expect(result.matches.map((match) => match.line)).toEqual([2]);
  });

  it.skipIf(!hasRg).each(cases)('rg and the JavaScript fallback agree: %s', async (_name, options) => {
    const viaRg = await searchFiles(root, { ...options, engine: 'rg' });
    const viaJs = await searchFiles(root, { ...options, engine: 'js' });
    expect(viaJs).toEqual({ ...viaRg, engine: 'js' });
    expect(formatGrepResult(viaJs, options.pattern)).toBe(formatGrepResult(viaRg, options.pattern));
  });

  it('keeps the first maxResults matches in path and line order however they arrive', async () => {
    const all = await searchFiles(root, { pattern: 'NEEDLE', path: 'many', maxResults: 1000, engine: 'js' });
    const few = await searchFiles(root, { pattern: 'NEEDLE', path: 'many', maxResults: 7, engine: 'js' });
    expect(all.totalMatches).toBe(180);
    expect(few).toEqual({ ...all, matches: all.matches.slice(0, 7), truncated: true });
  });

  it.each(['js', 'rg'] as const)('stops at the collection limit with the %s engine', async (engine) => {
    if (engine === 'rg' && !hasRg) return;
    const directory = await mkdtemp(path.join(os.tmpdir(), 'wright-search-limit-'));
    try {
      await writeFile(path.join(directory, 'many.txt'), 'hit\n'.repeat(collectLimit + 10));
      const result = await searchFiles(directory, { pattern: 'hit', engine, maxResults: 2 });
      expect(result).toMatchObject({ totalMatches: collectLimit, complete: false, truncated: true });
      expect(result.matches).toEqual([
        { path: 'many.txt', line: 1, text: 'hit' },
        { path: 'many.txt', line: 2, text: 'hit' },
      ]);
      expect(formatGrepResult(result, 'hit')).toContain(
        `(Showing 2 of more than ${collectLimit} matching lines.`,
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('rg output reader', () => {
  const output = Buffer.concat([
    Buffer.from('./a.txt\x002:first\r\n./a.txt\x0010:second\n'),
    Buffer.from('./bin.dat: binary file matches (found "\\0" byte around offset 4)\n'),
    Buffer.from('./odd\nname.txt\x001:third\n./ü.txt\x003:fourth '),
    Buffer.from([0xff, 0x0a]),
  ]);
  const expected = [
    { path: 'a.txt', line: 2, text: 'first' },
    { path: 'a.txt', line: 10, text: 'second' },
    { path: 'odd\nname.txt', line: 1, text: 'third' },
    { path: 'ü.txt', line: 3, text: 'fourth \uFFFD' },
  ];

  it('parses records however the output is cut into chunks', () => {
    for (let cut = 1; cut < output.length; cut++) {
      const collector = createMatchCollector(10);
      const reader = createRipgrepOutputReader('.', collector, () => true);
      reader.push(output.subarray(0, cut));
      reader.push(output.subarray(cut));
      expect(collector.sorted(), `cut at ${cut}`).toEqual(expected);
    }
  });

  it('counts without keeping past maxResults, and applies the path filter', () => {
    const collector = createMatchCollector(1);
    const reader = createRipgrepOutputReader('.', collector, (file) => file !== 'odd\nname.txt');
    reader.push(output);
    expect(collector.total).toBe(3);
    expect(collector.sorted()).toEqual([expected[0]]);
  });
});
