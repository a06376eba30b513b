import type { ToolDisplay } from '@wright/core';
import { structuredPatch } from 'diff';
import { decodeText } from './decode-text.js';

/** One file's change, for the UI diff. */
export type FileDiffInput = {
  /** Workspace-relative path after the change. */
  path: string;
  /** Path before the change, when renamed. */
  previousPath?: string;
  /** Bytes before (null: did not exist). */
  before: Uint8Array | null;
  /** Bytes after (null: deleted). */
  after: Uint8Array | null;
};

/** One file's unified diff with its added and removed line counts. */
export type FileDiff = { path: string; diff: string; added: number; removed: number };

/** A unified diff of one file (git-style headers, `/dev/null` for a missing side, 3 lines of context). */
export function fileDiff(input: FileDiffInput): FileDiff {
  const oldName = input.before === null ? '/dev/null' : `a/${input.previousPath ?? input.path}`;
  const newName = input.after === null ? '/dev/null' : `b/${input.path}`;
  const patch = structuredPatch(oldName, newName, textOf(input.before), textOf(input.after), '', '', {
    context: 3,
  });
  let added = 0;
  let removed = 0;
  const body: string[] = [`--- ${oldName}`, `+++ ${newName}`];
  for (const hunk of patch.hunks) {
    body.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines);
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
  }
  return { path: input.path, diff: `${body.join('\n')}\n`, added, removed };
}

/** The `diff` display of a tool result for several files. */
export function diffDisplay(files: FileDiffInput[]): ToolDisplay {
  return { kind: 'diff', files: files.map(fileDiff) };
}

// Diffs show the LF text; undecodable content shows as a placeholder rather than bytes.
function textOf(bytes: Uint8Array | null): string {
  if (bytes === null) return '';
  try {
    return decodeText(bytes).text;
  } catch {
    return '(binary content)\n';
  }
}
