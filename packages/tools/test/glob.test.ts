import { createGlobTool } from '@wright/tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSearchTree } from './search-tree.js';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
const tool = createGlobTool();

beforeEach(async () => {
  kit = await createTestKit();
  await writeSearchTree(kit.root);
});
afterEach(() => kit.cleanup());

const glob = (input: Record<string, unknown>) => {
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return tool.run(parsed.value, kit.context);
};

describe('glob', () => {
  it('lists files sorted, respecting nested .gitignore files and never .git', async () => {
    const result = await glob({ pattern: '**/*' });
    expect(result.output).toBe(
      [
        '.gitignore',
        '.hidden/config',
        'README.md',
        'a-long-name/with spaces.txt',
        'image.bin',
        'keep.log',
        'src/a.ts',
        'src/b.ts',
        'src/nested/.gitignore',
        'src/nested/important.log',
        'src/nested/visible.ts',
        'unicode.txt',
        '\n(12 files.)',
      ].join('\n'),
    );
    expect(result.display).toMatchObject({ kind: 'files', truncated: false });
  });

  it('searches under a path and caps results, saying so', async () => {
    expect((await glob({ pattern: '**/*.ts', path: 'src' })).output).toBe(
      'src/a.ts\nsrc/b.ts\nsrc/nested/visible.ts\n\n(3 files.)',
    );
    const capped = await glob({ pattern: '**/*', max_results: 2 });
    expect(capped.output).toBe(
      '.gitignore\n.hidden/config\n\n(Showing 2 of 12 files. Use a narrower pattern or path to see the rest.)',
    );
    expect(capped.display).toMatchObject({ truncated: true });
  });

  it('retries a bare name pattern at any depth and reports no matches plainly', async () => {
    expect((await glob({ pattern: '*.ts' })).output).toBe(
      'No top-level match for *.ts; these match **/*.ts.\nsrc/a.ts\nsrc/b.ts\nsrc/nested/visible.ts\n\n(3 files.)',
    );
    expect((await glob({ pattern: '**/*.py' })).output).toMatch(/^No files match "\*\*\/\*\.py"/);
  });

  it('refuses patterns reaching outside', async () => {
    expect(await glob({ pattern: '../**/*' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/outside/),
    });
    expect(await glob({ pattern: '*', path: '..' })).toMatchObject({ isError: true });
  });
});
