import { createGrepTool, type GrepOptions, searchFiles } from '@wright/tools';
import { hasRipgrep } from '@wright/tools/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSearchTree } from './search-tree.js';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
const hasRg = await hasRipgrep();

beforeAll(async () => {
  kit = await createTestKit();
  await writeSearchTree(kit.root);
});
afterAll(() => kit.cleanup());

const grep = async (input: Record<string, unknown>, engine: 'rg' | 'js' = 'js') => {
  const tool = createGrepTool({ engine });
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return tool.run(parsed.value, kit.context);
};

const allTodo = [
  '.hidden/config:1:TODO hidden',
  'README.md:2:TODO: docs',
  'a-long-name/with spaces.txt:1:TODO spaces',
  'keep.log:1:TODO kept log',
  'src/a.ts:2:// TODO: alpha',
  'src/nested/important.log:1:TODO important log',
  'src/nested/visible.ts:1:TODO visible (parens) [brackets]',
  'unicode.txt:1:naïve TODO — café',
].join('\n');

const cases: [string, Omit<GrepOptions, 'engine'>][] = [
  ['plain regex', { pattern: 'TODO' }],
  ['case insensitive', { pattern: 'todo', caseInsensitive: true }],
  ['literal with regex characters', { pattern: '(parens) [', literal: true }],
  ['subdirectory', { pattern: 'TODO', path: 'src' }],
  ['single file', { pattern: 'alpha', path: 'src/a.ts' }],
  ['glob filter', { pattern: 'alpha', glob: '*.ts' }],
  ['glob with a slash', { pattern: 'TODO', glob: 'src/**/*.log' }],
  ['capped', { pattern: 'TODO', maxResults: 3 }],
  ['alternation and classes', { pattern: 'function\\s+\\w+|café' }],
  ['no match', { pattern: 'nothing-here' }],
];

describe('grep', () => {
  it('finds matches as path:line:text sorted by path, skipping ignored, binary and .git files', async () => {
    expect((await grep({ pattern: 'TODO' })).output).toBe(allTodo);
  });

  it('caps results and says so', async () => {
    const result = await grep({ pattern: 'TODO', max_results: 2 });
    expect(result.output).toBe(
      '.hidden/config:1:TODO hidden\nREADME.md:2:TODO: docs\n\n(Showing 2 of 8 matching lines. Narrow the search with path or glob, or raise max_results.)',
    );
  });

  it('reports regex errors clearly, whatever the engine', async () => {
    for (const engine of hasRg ? (['js', 'rg'] as const) : (['js'] as const)) {
      const result = await grep({ pattern: 'foo(' }, engine);
      expect(result.isError).toBe(true);
      expect(result.output).toMatch(/^Invalid regular expression "foo\(": .*literal: true/s);
    }
  });

  it('says when nothing matches', async () => {
    expect((await grep({ pattern: 'zzz' })).output).toBe('No matches for "zzz".');
  });

  it.each(cases)('js engine: %s', async (_name, options) => {
    const result = await searchFiles(kit.root, { ...options, engine: 'js' });
    expect(result.engine).toBe('js');
    expect(result.matches.every((match) => !match.path.startsWith('node_modules'))).toBe(true);
  });

  it.skipIf(!hasRg).each(cases)('rg and the JavaScript fallback agree: %s', async (_name, options) => {
    const viaRg = await searchFiles(kit.root, { ...options, engine: 'rg' });
    const viaJs = await searchFiles(kit.root, { ...options, engine: 'js' });
    expect(viaRg.engine).toBe('rg');
    expect(viaJs).toEqual({ ...viaRg, engine: 'js' });
  });

  it.skipIf(!hasRg)('the rg engine finds the same lines through the tool', async () => {
    expect((await grep({ pattern: 'TODO' }, 'rg')).output).toBe(allTodo);
  });
});
