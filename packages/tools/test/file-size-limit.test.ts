import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { type AnyTool, isWrightError } from '@wright/core';
import { createBuiltinTools, maximumFileBytes } from '@wright/tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
let tools: Record<string, AnyTool>;
const hugeSize = 257 * 1024 * 1024;

beforeEach(async () => {
  kit = await createTestKit();
  tools = Object.fromEntries(
    createBuiltinTools({ outputDirectory: kit.state.outputDirectory }).map((tool) => [tool.name, tool]),
  );
  // A sparse 257 MB file: its size is real, its blocks are not, so the test writes nothing.
  const handle = await open(path.join(kit.root, 'huge.log'), 'w');
  await handle.write('first line\n', 0);
  await handle.truncate(hugeSize);
  await handle.close();
});
afterEach(() => kit.cleanup());

/** Runs a tool and returns its output, or the message (and hint) of the error it threw. */
async function call(name: string, input: Record<string, unknown>): Promise<{ ok: boolean; text: string }> {
  const tool = tools[name]!;
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  try {
    const result = await tool.run(parsed.value, kit.context);
    return { ok: result.isError !== true, text: result.output };
  } catch (error) {
    if (!isWrightError(error)) throw error;
    return { ok: false, text: `${error.message} ${error.data.hint ?? ''}` };
  }
}

describe('the file size limit is the same for every file tool', () => {
  it(`is ${maximumFileBytes / 1024 / 1024} MB, and read_file refuses a 257 MB file`, async () => {
    const result = await call('read_file', { path: 'huge.log' });
    expect(result.ok).toBe(false);
    expect(result.text).toContain('257.0 MB');
  });

  it('edit_file, write_file and apply_patch refuse a 257 MB file before reading it, and leave it alone', async () => {
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['edit_file', { path: 'huge.log', old_string: 'first line', new_string: 'changed' }],
      ['write_file', { path: 'huge.log', content: 'small now\n' }],
      ['apply_patch', { patch: '*** Begin Patch\n*** Delete File: huge.log\n*** End Patch\n' }],
      [
        'apply_patch',
        {
          patch: '*** Begin Patch\n*** Update File: huge.log\n@@\n-first line\n+changed\n*** End Patch\n',
        },
      ],
    ];
    for (const [name, input] of attempts) {
      const before = process.memoryUsage().rss;
      const result = await call(name, input);
      expect(result.ok, name).toBe(false);
      expect(result.text, name).toContain('257.0 MB');
      expect(result.text, name).toContain('larger than the 64.0 MB the file tools change');
      expect(result.text, name).toMatch(/shell/);
      // Refused from the size alone: the process did not read the file into memory.
      expect(process.memoryUsage().rss - before, name).toBeLessThan(128 * 1024 * 1024);
    }
    expect((await stat(path.join(kit.root, 'huge.log'))).size).toBe(hugeSize);
    const handle = await open(path.join(kit.root, 'huge.log'), 'r');
    const head = Buffer.alloc(10);
    await handle.read(head, 0, 10, 0);
    await handle.close();
    expect(head.toString('utf8')).toBe('first line');
  });
});
