import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEditFileTool } from '../../src/edit/edit-file.js';
import { createHarness } from './tool-harness.js';

let harness: Awaited<ReturnType<typeof createHarness>>;
beforeEach(async () => {
  harness = await createHarness();
});
afterEach(async () => {
  await harness.cleanup();
});

const bom = '\u00ef\u00bb\u00bf'; // the UTF-8 BOM as latin1 characters

async function edit(input: Record<string, unknown>) {
  const tool = createEditFileTool(harness.state);
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return tool.run(parsed.value, harness.context);
}

describe('edit_file', () => {
  it('has the contract name and required arguments', () => {
    const tool = createEditFileTool(harness.state);
    expect(tool.name).toBe('edit_file');
    expect(tool.parameters.required).toEqual(['path', 'old_string', 'new_string']);
  });

  it('keeps CRLF, the BOM and the missing final newline byte for byte apart from the edit', async () => {
    await harness.write('src/a.ts', Buffer.from(`${bom}one\r\n  two\r\nthree`, 'latin1'));
    const result = await edit({ path: 'src/a.ts', old_string: 'two\nthree', new_string: 'TWO\nthree\nfour' });
    expect(result.isError).toBeUndefined();
    expect(await harness.text('src/a.ts')).toBe(`${bom}one\r\n  TWO\r\nthree\r\nfour`);
    expect(result.output).toMatch(/Edited src\/a.ts: replaced lines 2-3 → 3 lines/);
    expect(result.display).toMatchObject({
      kind: 'diff',
      files: [{ path: 'src/a.ts', added: 3, removed: 2 }],
    });
  });

  it('keeps the other lines of a mixed-ending file on their own endings', async () => {
    await harness.write('m.txt', 'a\r\nb\nc\r\nd\n');
    await edit({ path: 'm.txt', old_string: 'c', new_string: 'C' });
    expect(await harness.text('m.txt')).toBe('a\r\nb\nC\r\nd\n');
  });

  it('re-indents a replacement matched without its indentation', async () => {
    await harness.write('p.py', 'def f():\n    if x:\n        return 1\n');
    const result = await edit({
      path: 'p.py',
      old_string: 'if x:\n    return 1',
      new_string: 'if x:\n    return 2',
    });
    expect(result.output).toContain('ignoring indentation');
    expect(await harness.text('p.py')).toBe('def f():\n    if x:\n        return 2\n');
  });

  it('leaves the file byte for byte unchanged when nothing matches, showing the closest lines', async () => {
    const original = 'alpha\r\nbeta gamma\r\ndelta\r\n';
    await harness.write('f.txt', original);
    const result = await edit({ path: 'f.txt', old_string: 'beta gama', new_string: 'x' });
    expect(result.isError).toBe(true);
    expect(result.output).toContain('2\tbeta gamma');
    expect(await harness.text('f.txt')).toBe(original);
  });

  it('refuses an ambiguous match, listing the candidates with line numbers', async () => {
    await harness.write('f.txt', 'x\ny\nx\n');
    const result = await edit({ path: 'f.txt', old_string: 'x', new_string: 'z' });
    expect(result).toMatchObject({ isError: true });
    expect(result.output).toMatch(/matches 2 places \(lines 1, 3\)/);
    expect(await harness.text('f.txt')).toBe('x\ny\nx\n');
    await edit({ path: 'f.txt', old_string: 'x', new_string: 'z', replace_all: true });
    expect(await harness.text('f.txt')).toBe('z\ny\nz\n');
  });

  it('refuses to edit a file that changed on disk since it was read', async () => {
    await harness.write('f.txt', 'old\n');
    harness.state.tracker.recordRead('f.txt', new TextEncoder().encode('old\n'));
    await harness.write('f.txt', 'someone else\nold\n');
    const result = await edit({ path: 'f.txt', old_string: 'old', new_string: 'new' });
    expect(result).toMatchObject({ isError: true });
    expect(result.output).toContain('changed on disk since you last read it');
    expect(await harness.text('f.txt')).toBe('someone else\nold\n');
  });

  it('accepts a follow-up edit after its own write (the tracker records it)', async () => {
    await harness.write('f.txt', 'a\n');
    harness.state.tracker.recordRead('f.txt', new TextEncoder().encode('a\n'));
    await edit({ path: 'f.txt', old_string: 'a', new_string: 'b' });
    const second = await edit({ path: 'f.txt', old_string: 'b', new_string: 'c' });
    expect(second.isError).toBeUndefined();
    expect(await harness.text('f.txt')).toBe('c\n');
  });

  it('creates a missing file from an empty old_string, and explains a missing file otherwise', async () => {
    const created = await edit({ path: 'new/dir/n.txt', old_string: '', new_string: 'hello\n' });
    expect(created.output).toContain('Created new/dir/n.txt');
    expect(await harness.text('new/dir/n.txt')).toBe('hello\n');
    const missing = await edit({ path: 'nope.txt', old_string: 'a', new_string: 'b' });
    expect(missing).toMatchObject({ isError: true });
    expect(missing.output).toContain('nope.txt does not exist');
  });

  it('refuses identical strings, binary files and paths outside the workspace', async () => {
    await harness.write('f.txt', 'a\n');
    expect((await edit({ path: 'f.txt', old_string: 'a', new_string: 'a' })).output).toContain('identical');
    await harness.write('b.bin', Buffer.from([1, 0, 2]));
    expect((await edit({ path: 'b.bin', old_string: 'a', new_string: 'b' })).output).toContain('binary');
    expect(await edit({ path: '../escape.txt', old_string: '', new_string: 'x' })).toMatchObject({
      isError: true,
    });
  });

  it('describes the change as a diff before running it', async () => {
    await harness.write('f.txt', 'a\nb\n');
    const tool = createEditFileTool(harness.state);
    const described = await tool.describe!(
      { path: 'f.txt', old_string: 'b', new_string: 'c' },
      harness.context,
    );
    expect(described.title).toBe('Edit f.txt');
    expect(described.detail).toContain('-b\n+c');
    expect(await harness.text('f.txt')).toBe('a\nb\n');
  });

  it("strips read_file's pasted line-number prefixes and says so, keeping the file's format", async () => {
    await harness.write('f.ts', 'const a = 1;\r\nconst b = 2;\r\n');
    const result = await edit({
      path: 'f.ts',
      old_string: '     2\tconst b = 2;',
      new_string: '     2\tconst b = 3;',
    });
    expect(result.isError).toBeUndefined();
    expect(result.output).toContain("removing read_file's line-number prefixes");
    expect(await harness.text('f.ts')).toBe('const a = 1;\r\nconst b = 3;\r\n');
  });
});
