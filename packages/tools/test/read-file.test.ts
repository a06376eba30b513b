import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createReadFileTool } from '@wright/tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
let tool: ReturnType<typeof createReadFileTool>;

beforeEach(async () => {
  kit = await createTestKit();
  tool = createReadFileTool(kit.state);
});
afterEach(() => kit.cleanup());

const read = (input: Record<string, unknown>) => {
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return tool.run(parsed.value, kit.context);
};

describe('read_file', () => {
  it('numbers lines like cat -n and says it reached the end', async () => {
    await writeFile(path.join(kit.root, 'a.txt'), 'first\nsecond\n');
    expect((await read({ path: 'a.txt' })).output).toBe(
      '     1\tfirst\n     2\tsecond\n\n(End of file (2 lines).)',
    );
  });

  it('reads a window with offset and limit and tells how to continue', async () => {
    const lines = Array.from({ length: 30 }, (_, index) => `line ${index + 1}`);
    await writeFile(path.join(kit.root, 'long.txt'), `${lines.join('\n')}\n`);
    const result = await read({ path: 'long.txt', offset: 10, limit: 3 });
    expect(result.output).toBe(
      '    10\tline 10\n    11\tline 11\n    12\tline 12\n\n(Showing lines 10-12 of 30. Use offset=13 to read more.)',
    );
    expect((await read({ path: 'long.txt', offset: 29 })).output).toContain(
      '(Showing lines 29-30 of 30 (end of file).)',
    );
    const past = await read({ path: 'long.txt', offset: 31 });
    expect(past).toMatchObject({ isError: true, output: expect.stringContaining('has 30 lines') });
  });

  it('shows CRLF and BOM files without \\r or BOM and says so', async () => {
    await writeFile(path.join(kit.root, 'crlf.txt'), '\uFEFFone\r\ntwo');
    const { output } = await read({ path: 'crlf.txt' });
    expect(output).toBe(
      '     1\tone\n     2\ttwo\n\n(End of file (2 lines). The file uses CRLF line endings (shown without \\r). The file has no final newline.)',
    );
  });

  it('truncates long lines with a marker', async () => {
    await writeFile(path.join(kit.root, 'wide.txt'), `${'x'.repeat(2500)}\n`);
    const { output } = await read({ path: 'wide.txt' });
    expect(output).toContain(`${'x'.repeat(2000)}… [line truncated: 500 more characters]`);
    expect(output).not.toContain('x'.repeat(2001));
  });

  it('reports binary files instead of dumping them', async () => {
    await writeFile(path.join(kit.root, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    await writeFile(path.join(kit.root, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect((await read({ path: 'image.png' })).output).toBe(
      'image.png is a binary file (PNG image, 8 bytes); not shown.',
    );
    expect((await read({ path: 'latin1.txt' })).output).toMatch(/binary file/);
  });

  it('reports oversized files unless a window is asked for', async () => {
    const big = `${'0123456789'.repeat(10)}\n`.repeat(3000);
    await writeFile(path.join(kit.root, 'big.txt'), big);
    const whole = await read({ path: 'big.txt' });
    expect(whole.output).toMatch(
      /^big\.txt is large \(295\.9 KB, 3000 lines\); not shown whole\. Read it in parts/,
    );
    const part = await read({ path: 'big.txt', offset: 2999 });
    expect(part.output).toContain('  3000\t0123456789');
  });

  it('gives helpful errors for directories and missing files', async () => {
    await mkdir(path.join(kit.root, 'src'));
    await writeFile(path.join(kit.root, 'src', 'index.ts'), 'x');
    expect(await read({ path: 'src' })).toEqual({
      isError: true,
      output: 'src is a directory, not a file. Use glob with pattern "src/**/*" to list its files.',
    });
    expect(await read({ path: 'src/index.js' })).toEqual({
      isError: true,
      output: 'File not found: src/index.js. Did you mean: src/index.ts?',
    });
    expect(await read({ path: '../etc/passwd' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/climbs out/),
    });
  });

  it('records reads in the tracker', async () => {
    await writeFile(path.join(kit.root, 'a.txt'), 'one\n');
    await read({ path: 'a.txt' });
    expect(kit.state.tracker.checkFresh('a.txt', Buffer.from('one\n'))).toBeUndefined();
    expect(kit.state.tracker.checkFresh('a.txt', Buffer.from('two\n'))).toMatch(/changed on disk/);
  });

  it('reads saved shell outputs by absolute path, and nothing else outside', async () => {
    const saved = path.join(kit.state.outputDirectory, 'shell-1.txt');
    await writeFile(saved, 'full output\n');
    expect((await read({ path: saved })).output).toContain('     1\tfull output');
    expect(await read({ path: path.join(path.dirname(kit.state.outputDirectory), 'x') })).toMatchObject({
      isError: true,
    });
  });

  it('requires path', () => {
    expect(tool.parse({})).toEqual({ ok: false, message: 'Invalid arguments: `path` is required.' });
    expect(tool.parameters).toMatchObject({ required: ['path'] });
  });
});
