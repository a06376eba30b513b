import nodePath from 'node:path';
import type { AnyTool, FileChange, ToolContext } from '@wright/core';
import { type DiagnosticsFormat, formatDiagnostics } from './format-diagnostics.js';
import type { LspManager } from './lsp-manager.js';

const textDecoder = new TextDecoder();

/** The tools whose results get diagnostics: every built-in tool that writes files. */
export const editingTools: ReadonlySet<string> = new Set(['write_file', 'edit_file', 'apply_patch']);

/**
 * Wraps the editing tools so that, after a successful call, the files it changed are synced to their language
 * servers and the new problems are appended to the result the model reads. The changed files are taken from what
 * the tool hands to the workspace, so every way a tool writes is covered. A server that is missing, crashes or
 * hangs never fails the edit: the result then says diagnostics were unavailable.
 */
export function withDiagnostics(
  tools: AnyTool[],
  manager: LspManager,
  format: DiagnosticsFormat = {},
): AnyTool[] {
  return tools.map((tool) => (editingTools.has(tool.name) ? wrap(tool, manager, format) : tool));
}

function wrap(tool: AnyTool, manager: LspManager, format: DiagnosticsFormat): AnyTool {
  return {
    ...tool,
    async run(input: unknown, context: ToolContext) {
      const changed = new Set<string>();
      // What each changed file held before this call's first change to it (null: it did not exist).
      const before = new Map<string, string | null>();
      const root = context.workspace.root;
      // Everything else the workspace offers (an editor's buffers to read from, a scratch directory) stays as it is.
      const workspace: ToolContext['workspace'] = {
        ...context.workspace,
        async applyChanges(changes: FileChange[], origin) {
          await context.workspace.applyChanges(changes, origin);
          for (const change of changes) {
            if (change.after === null) continue;
            changed.add(change.path);
            const absolute = nodePath.join(root, change.path);
            // A renamed file's earlier text was another file's; it gets no baseline.
            if (!before.has(absolute) && change.renamedFrom === undefined)
              before.set(absolute, change.before === null ? null : textDecoder.decode(change.before));
          }
        },
      };
      const result = await tool.run(input, { ...context, workspace });
      if (result.isError === true || changed.size === 0 || context.signal.aborted) return result;
      const report = await manager
        .diagnose(
          root,
          [...changed].map((path) => nodePath.join(root, path)),
          context.signal,
          before,
        )
        .catch((error: Error) => ({
          servers: [],
          checked: [],
          diagnostics: [],
          unavailable: [...changed].map((path) => ({ path, reason: error.message })),
        }));
      const text = formatDiagnostics(report, format);
      return text === '' ? result : { ...result, output: `${result.output}\n\n${text}` };
    },
  };
}
