import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWriteFileTool } from '../../src/write/write-file.js';
import { createHarness } from './tool-harness.js';

let harness: Awaited<ReturnType<typeof createHarness>>;
beforeEach(async () => {
  harness = await createHarness();
});
afterEach(async () => {
  await harness.cleanup();
});

async function write(input: Record<string, unknown>) {
  const tool = createWriteFileTool(harness.state);
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return tool.run(parsed.value, harness.context);
}

describe('write_file', () => {
  it('has the contract name and required arguments', () => {
    const tool = createWriteFileTool(harness.state);
    expect(tool.name).toBe('write_file');
    expect(tool.parameters.required).toEqual(['path', 'content']);
    expect(tool.parse({ path: 'a' })).toMatchObject({ ok: false });
  });

  it('creates missing parent directories and reports the new file with its line count', async () => {
    const result = await write({ path: 'deep/er/file.txt', content: 'a\nb\n' });
    expect(result.output).toBe('Created deep/er/file.txt (2 lines).');
    expect(await harness.text('deep/er/file.txt')).toBe('a\nb\n');
    expect(result.display).toMatchObject({
      kind: 'diff',
      files: [{ path: 'deep/er/file.txt', added: 2, removed: 0 }],
    });
  });

  it("keeps an overwritten file's CRLF endings and BOM when the model writes LF", async () => {
    await harness.write('w.txt', Buffer.from('\u00ef\u00bb\u00bfold\r\nlines\r\nhere\r\n', 'latin1'));
    const result = await write({ path: 'w.txt', content: 'new\ncontent\n' });
    expect(result.output).toBe(
      'Overwrote w.txt (was 3 lines, now 2 lines; kept CRLF line endings and the UTF-8 BOM).',
    );
    expect(await harness.text('w.txt')).toBe('\u00ef\u00bb\u00bfnew\r\ncontent\r\n');
  });

  it('refuses to overwrite a file that changed on disk since it was read, leaving it as it is', async () => {
    await harness.write('w.txt', 'v1\n');
    harness.state.tracker.recordRead('w.txt', new TextEncoder().encode('v1\n'));
    await harness.write('w.txt', 'v2 by someone else\n');
    const result = await write({ path: 'w.txt', content: 'mine\n' });
    expect(result).toMatchObject({ isError: true });
    expect(result.output).toContain('changed on disk');
    expect(await harness.text('w.txt')).toBe('v2 by someone else\n');
  });

  it('says so when the content is already there', async () => {
    await harness.write('same.txt', 'x\r\n');
    expect((await write({ path: 'same.txt', content: 'x\n' })).output).toContain(
      'already had exactly this content',
    );
  });

  it('refuses a directory and a path outside the workspace', async () => {
    await harness.write('dir/inside.txt', 'x');
    expect(await write({ path: 'dir', content: 'x' })).toMatchObject({ isError: true });
    expect(await write({ path: '../outside.txt', content: 'x' })).toMatchObject({ isError: true });
  });
});
