import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnyTool, ToolContext } from '@wright/core';
import { createReadFileTool, createShellTools } from '@wright/tools';
import { createFileTracker, type ToolKitState } from '@wright/tools/internal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeTemporaryOutputDirectories } from '../src/shell/output-directory.js';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
let parent: string;
beforeEach(async () => {
  kit = await createTestKit();
  parent = await mkdtemp(path.join(os.tmpdir(), 'wright-outputs-test-'));
});
afterEach(async () => {
  await kit.cleanup();
  await rm(parent, { recursive: true, force: true });
});

async function run(tool: AnyTool, input: Record<string, unknown>, context: ToolContext) {
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return tool.run(parsed.value, context);
}

// More than the 24 KB kept in memory, so the full output is saved to a file.
const longCommand = "yes 'a line of output' | head -n 3000";

function savedPath(output: string): string {
  const match = /saved in (\S+);/.exec(output);
  if (match?.[1] === undefined) throw new Error(`no saved output in: ${output.slice(-300)}`);
  return match[1];
}

describe('full command outputs are private and go away', () => {
  it('without a session: a private 0700 temp directory, removed when the process exits', async () => {
    const state: ToolKitState = { tracker: createFileTracker(), outputDirectory: path.join(parent, 'kit') };
    const [shell, , kill] = createShellTools(state);
    const result = await run(shell!, { command: longCommand }, kit.context);
    const saved = savedPath(result.output);
    expect(saved.startsWith(state.outputDirectory)).toBe(true);
    expect((await stat(state.outputDirectory)).mode & 0o777).toBe(0o700);
    const background = await run(shell!, { command: 'echo hi', background: true }, kit.context);
    expect(background.output).toContain(state.outputDirectory);
    await run(kill!, { id: 'bg-1' }, kit.context);
    // What the process 'exit' hook runs.
    removeTemporaryOutputDirectories();
    expect(existsSync(state.outputDirectory)).toBe(false);
  });

  it("with a session: inside the workspace's scratch directory, 0700, and read_file can read it", async () => {
    const scratchDirectory = path.join(parent, 'session', 'outputs');
    const context: ToolContext = {
      ...kit.context,
      workspace: { ...kit.context.workspace, scratchDirectory },
    };
    const state: ToolKitState = {
      tracker: createFileTracker(),
      outputDirectory: path.join(parent, 'unused'),
    };
    const [shell] = createShellTools(state);
    const result = await run(shell!, { command: longCommand }, context);
    const saved = savedPath(result.output);
    expect(saved.startsWith(scratchDirectory)).toBe(true);
    expect((await stat(scratchDirectory)).mode & 0o777).toBe(0o700);
    expect(existsSync(state.outputDirectory)).toBe(false);
    expect((await readFile(saved, 'utf8')).split('\n')).toHaveLength(3001);
    const read = await run(createReadFileTool(state), { path: saved, offset: 2999 }, context);
    expect(read.output).toContain('a line of output');
  });
});
