import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnyTool, ToolResult } from '@wright/core';
import { describeSpawnError } from '@wright/core/internal';
import { createShellTools } from '@wright/tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
let tools: Record<string, AnyTool>;

beforeEach(async () => {
  kit = await createTestKit();
  tools = Object.fromEntries(createShellTools(kit.state).map((tool) => [tool.name, tool]));
});
afterEach(() => kit.cleanup());

const call = async (name: string, input: Record<string, unknown>): Promise<ToolResult> => {
  const tool = tools[name]!;
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return tool.run(parsed.value, kit.context);
};

// A 300 KB command line: more than Linux passes to a program as one argument (E2BIG).
const hugeCommand = `echo ${'x'.repeat(300 * 1024)}`;

describe('a command that cannot start is reported as what happened', () => {
  it('shell: a 300 KB command is "command too long (E2BIG)", not "Killed by signal unknown"', async () => {
    const result = await call('shell', { command: hugeCommand });
    expect(result.isError).toBe(true);
    expect(result.output).toContain('command too long (E2BIG)');
    expect(result.output).toContain(`${Buffer.byteLength(hugeCommand)} bytes`);
    expect(result.output).not.toContain('Killed by signal');
  });

  it('background shell: the same command is refused with the same reason, and nothing is listed as running', async () => {
    const result = await call('shell', { command: hugeCommand, background: true });
    expect(result.isError).toBe(true);
    expect(result.output).toContain('command too long (E2BIG)');
    const listed = await call('shell_output', { id: 'bg-1' });
    expect(listed.output).toContain('No background process');
  });

  it('names ENOENT and EACCES (which root cannot provoke here) for what they are', () => {
    expect(describeSpawnError({ command: 'ls', cwd: '/gone', code: 'ENOENT' })).toBe(
      'Could not start the command (ENOENT): the shell or the working directory /gone does not exist.',
    );
    expect(describeSpawnError({ command: 'ls', cwd: '/locked', code: 'EACCES' })).toBe(
      'Could not start the command (EACCES): permission denied for the shell or the working directory /locked.',
    );
    expect(describeSpawnError({ command: 'ls', code: 'EWHATEVER', message: 'spawn failed' })).toBe(
      'Could not start the command (EWHATEVER): spawn failed.',
    );
  });

  it('shell: a working directory removed after it was resolved is ENOENT', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'wright-gone-'));
    await rm(directory, { recursive: true });
    const { runCommand } = await import('../src/shell/run-command.js');
    const outcome = await runCommand({
      command: 'true',
      cwd: directory,
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 10_000,
      outputDirectory: kit.state.outputDirectory,
    });
    expect(outcome.spawnError).toBe(
      `Could not start the command (ENOENT): the shell or the working directory ${directory} does not exist.`,
    );
  });
});
