import type { AnyTool, FileChange, ToolContext, Workspace } from '@wright/core';
import { describe, expect, it } from 'vitest';
import type { LspManager } from '../src/lsp-manager.js';
import { withDiagnostics } from '../src/with-diagnostics.js';

/** A manager whose servers always answer "clean" for what they were asked about. */
function cleanManager(
  asked: string[][],
  before: Array<ReadonlyMap<string, string | null> | undefined> = [],
): LspManager {
  return {
    async diagnose(_root, absolutePaths, _signal, previous) {
      asked.push(absolutePaths);
      before.push(previous);
      return { servers: ['fake'], unavailable: [], diagnostics: [], checked: absolutePaths };
    },
    prepare: async () => undefined,
    serves: () => true,
    serverFor: async () => undefined,
    close: async () => {},
  };
}

/** An edit tool that reads through the workspace it is given, as the built-in tools do, then writes. */
const editTool: AnyTool = {
  name: 'edit_file',
  description: 'test edit',
  effect: 'write',
  parameters: { type: 'object' },
  checkInput: (input: unknown) => ({ ok: true, value: input }),
  async run(_input: unknown, context: ToolContext) {
    const shown = await context.workspace.readFile?.('a.ts');
    const before = shown ?? null;
    const after = new TextEncoder().encode('const a = 2;\n');
    await context.workspace.applyChanges([{ path: 'a.ts', before, after }], {
      toolName: 'edit_file',
      callId: context.callId,
    });
    const text = shown === undefined ? 'nothing' : new TextDecoder().decode(shown);
    return { output: `read ${text} from ${context.workspace.scratchDirectory}` };
  },
} as unknown as AnyTool;

describe('withDiagnostics', () => {
  it('keeps what the wrapped workspace offers (an editor read, a scratch directory) and sees the changes', async () => {
    const applied: FileChange[] = [];
    const workspace: Workspace = {
      root: '/project',
      scratchDirectory: '/scratch',
      readFile: async () => new TextEncoder().encode('const a = 1; // unsaved\n'),
      applyChanges: async (changes) => {
        applied.push(...changes);
      },
    };
    const asked: string[][] = [];
    const before: Array<ReadonlyMap<string, string | null> | undefined> = [];
    const [wrapped] = withDiagnostics([editTool], cleanManager(asked, before));
    const result = await wrapped?.run(
      {},
      {
        workspace,
        signal: new AbortController().signal,
        callId: 'call_1',
        approve: async () => true,
        progress: () => {},
      },
    );
    expect(result?.output).toMatch(/^read const a = 1; \/\/ unsaved\n from \/scratch\n\n/);
    expect(applied.map((change) => change.path)).toEqual(['a.ts']);
    expect(asked).toEqual([['/project/a.ts']]);
    // The text the edit was based on goes to the manager, as the baseline of a file its server has not seen.
    expect(before).toEqual([new Map([['/project/a.ts', 'const a = 1; // unsaved\n']])]);
  });
});
