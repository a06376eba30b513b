import { readFileSync } from 'node:fs';
import type { Tool, ToolContext } from '@wright/core';
import { wrightError } from '@wright/core';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { decodeText } from '../text/decode-text.js';
import { encodeText } from '../text/encode-text.js';
import { diffDisplay, fileDiff } from '../text/file-diff.js';
import type { ToolKitState } from '../tool-kit-state.js';
import { applyToolChanges } from '../workspace/apply-tool-changes.js';
import { readWorkspaceFile } from '../workspace/read-workspace-file.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import { lineCount } from '../write/read-existing.js';
import { applyEdit, type EditReplacement, type MatchStrategy } from './apply-edit.js';

const description = readFileSync(new URL('./edit-file.prompt.md', import.meta.url), 'utf8');

const input = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
  old_string: z.string().describe('The exact text to replace, copied from the file; must match one place.'),
  new_string: z.string().describe('The text to put in its place.'),
  replace_all: z.boolean().optional().describe('Replace every occurrence of old_string (default false).'),
});

type EditInput = z.infer<typeof input>;

type EditPlan = {
  relative: string;
  before: Uint8Array | null;
  after: Uint8Array;
  summary: string;
};

const strategyNote: Record<MatchStrategy, string> = {
  exact: '',
  whitespace: ' (matched ignoring indentation and trailing whitespace; the replacement was re-indented)',
  unicode: ' (matched after normalising typographic quotes, dashes and spaces)',
};

const lineNumberNote =
  " (old_string matched only after removing read_file's line-number prefixes, which are not part of the file; leave them out next time)";

async function planEdit(
  state: ToolKitState,
  request: EditInput,
  context: Pick<ToolContext, 'workspace'>,
): Promise<EditPlan> {
  const resolved = await resolveWorkspacePath(context.workspace.root, request.path, { allowMissing: true });
  const relative = resolved.relative;
  const before = await readWorkspaceFile(context.workspace, resolved);
  const oldString = request.old_string.replace(/\r\n|\r/g, '\n');
  const newString = request.new_string.replace(/\r\n|\r/g, '\n');
  if (before === null) {
    if (oldString !== '') {
      throw wrightError(
        'tool',
        `${relative} does not exist. Check the path (glob can find it); to create a new file, use write_file or an empty old_string.`,
      );
    }
    const after = new TextEncoder().encode(request.new_string);
    return { relative, before, after, summary: `Created ${relative} (${lineCount(newString)} lines).` };
  }
  const stale = state.tracker.checkFresh(relative, before);
  if (stale) throw wrightError('tool', stale);
  const decoded = decodeText(before, relative);
  const outcome = applyEdit(decoded.text, { oldString, newString, replaceAll: request.replace_all ?? false });
  if (!outcome.ok) throw wrightError('tool', `Could not edit ${relative}: ${outcome.message}`);
  const after = encodeText(outcome.text, decoded.format, decoded.text);
  const summary = `Edited ${relative}: ${describeReplacements(outcome.replacements, decoded.text === '')}${strategyNote[outcome.strategy]}${outcome.strippedLineNumbers ? lineNumberNote : ''}.`;
  return { relative, before, after, summary };
}

function describeReplacements(replacements: EditReplacement[], filledEmpty: boolean): string {
  if (filledEmpty || replacements.length === 0) return 'wrote the content into the empty file';
  const describe = (replacement: EditReplacement) => {
    const last = replacement.line + Math.max(replacement.oldLineCount, 1) - 1;
    const range = last > replacement.line ? `lines ${replacement.line}-${last}` : `line ${replacement.line}`;
    return `${range} → ${replacement.newLineCount} line${replacement.newLineCount === 1 ? '' : 's'}`;
  };
  if (replacements.length === 1) return `replaced ${describe(replacements[0]!)}`;
  return `replaced ${replacements.length} occurrences (${replacements.map(describe).join('; ')})`;
}

/** The `edit_file` tool: a search-and-replace with tolerant matching that preserves the file's format. */
export function createEditFileTool(state: ToolKitState): Tool<EditInput> {
  return defineTool({
    name: 'edit_file',
    description,
    effect: 'write',
    input,
    async describe(request, context) {
      const plan = await planEdit(state, request, context);
      return { title: `Edit ${plan.relative}`, detail: fileDiff({ path: plan.relative, ...plan }).diff };
    },
    async run(request, context) {
      const plan = await planEdit(state, request, context);
      await applyToolChanges(state, context, 'edit_file', [
        { path: plan.relative, before: plan.before, after: plan.after },
      ]);
      return {
        output: plan.summary,
        display: diffDisplay([{ path: plan.relative, before: plan.before, after: plan.after }]),
      };
    },
  });
}
