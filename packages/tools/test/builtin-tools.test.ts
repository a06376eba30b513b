import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createBuiltinTools, isValidToolName } from '@wright/tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeEach(async () => {
  kit = await createTestKit();
});
afterEach(() => kit.cleanup());

// The model-facing contract of issue 4, to the letter.
const contract: Record<string, string[]> = {
  read_file: ['path'],
  write_file: ['path', 'content'],
  edit_file: ['path', 'old_string', 'new_string'],
  apply_patch: ['patch'],
  glob: ['pattern'],
  grep: ['pattern'],
  shell: ['command'],
  web_fetch: ['url'],
};

describe('createBuiltinTools', () => {
  it('has every contract tool with exactly its required arguments, plus the background-process and plan tools', () => {
    const tools = createBuiltinTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      ...Object.keys(contract).filter((name) => name !== 'web_fetch'),
      'shell_output',
      'shell_kill',
      'update_plan',
      'web_fetch',
    ]);
    for (const tool of tools) {
      expect(isValidToolName(tool.name)).toBe(true);
      expect(tool.description.length).toBeGreaterThan(80);
      expect(tool.parameters.type).toBe('object');
      if (contract[tool.name])
        expect([...(tool.parameters.required as string[])].sort()).toEqual([...contract[tool.name]!].sort());
    }
    expect(Object.fromEntries(tools.map((tool) => [tool.name, tool.effect]))).toEqual({
      read_file: 'read',
      write_file: 'write',
      edit_file: 'write',
      apply_patch: 'write',
      glob: 'read',
      grep: 'read',
      shell: 'execute',
      shell_output: 'read',
      shell_kill: 'execute',
      update_plan: 'read',
      web_fetch: 'network',
    });
  });

  it('shares one tracker: an edit after an outside change since read_file is refused', async () => {
    const tools = Object.fromEntries(
      createBuiltinTools({ outputDirectory: kit.state.outputDirectory }).map((tool) => [tool.name, tool]),
    );
    const file = path.join(kit.root, 'a.txt');
    await writeFile(file, 'one\n');
    await tools.read_file!.run({ path: 'a.txt' }, kit.context);
    await writeFile(file, 'changed behind our back\n');
    const edit = await tools.edit_file!.run(
      { path: 'a.txt', old_string: 'changed', new_string: 'edited' },
      kit.context,
    );
    expect(edit.isError).toBe(true);
    expect(edit.output).toMatch(/changed on disk since you last read it/);
  });

  it('saves shell outputs where read_file can read them', async () => {
    const tools = Object.fromEntries(
      createBuiltinTools({ outputDirectory: kit.state.outputDirectory }).map((tool) => [tool.name, tool]),
    );
    const shell = await tools.shell!.run({ command: 'seq 1 20000' }, kit.context);
    const saved = /saved in (\S+);/.exec(shell.output)?.[1];
    expect(saved?.startsWith(kit.state.outputDirectory)).toBe(true);
    const read = await tools.read_file!.run({ path: saved, offset: 19999, limit: 2 }, kit.context);
    expect(read.output).toBe(
      ' 19999\t19999\n 20000\t20000\n\n(Showing lines 19999-20000 of 20000 (end of file).)',
    );
  });
});
