import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import type { Tool } from '@wright/core';

type WriteInput = { path: string; content: string };

/**
 * A minimal `write_file` tool written against core's Tool contract: it reads the current bytes and hands the
 * change to `workspace.applyChanges`, exactly as the built-in tools do.
 */
export const writeFileTool: Tool<WriteInput> = {
  name: 'write_file',
  description: 'Writes a whole file.',
  effect: 'write',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, content: { type: 'string' } },
    required: ['path', 'content'],
  },
  parse(input) {
    const value = input as Partial<WriteInput>;
    if (typeof value?.path !== 'string' || typeof value.content !== 'string') {
      return { ok: false, message: '`path` and `content` are required strings' };
    }
    return { ok: true, value: { path: value.path, content: value.content } };
  },
  async run(input, context) {
    const absolute = nodePath.join(context.workspace.root, input.path);
    const before = await readFile(absolute).catch(() => null);
    await context.workspace.applyChanges(
      [{ path: input.path, before, after: new TextEncoder().encode(input.content) }],
      { toolName: 'write_file', callId: context.callId },
    );
    return { output: `Wrote ${input.path}.` };
  },
};
