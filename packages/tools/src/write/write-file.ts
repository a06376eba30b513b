import { readFileSync } from 'node:fs';
import type { Tool, ToolContext } from '@wright/core';
import { wrightError } from '@wright/core';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { decodeText, endingName, type TextFormat } from '../text/decode-text.js';
import { encodeText } from '../text/encode-text.js';
import { diffDisplay, fileDiff } from '../text/file-diff.js';
import type { ToolKitState } from '../tool-kit-state.js';
import { applyToolChanges } from '../workspace/apply-tool-changes.js';
import { readWorkspaceFile } from '../workspace/read-workspace-file.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import { lineCount } from './read-existing.js';

const description = readFileSync(new URL('./write-file.prompt.md', import.meta.url), 'utf8');

const input = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
  content: z.string().describe('The complete new content of the file.'),
});

type WriteInput = z.infer<typeof input>;

type WritePlan = {
  relative: string;
  before: Uint8Array | null;
  after: Uint8Array;
  format?: TextFormat;
  lines: number;
  previousLines?: number;
};

async function planWrite(state: ToolKitState, request: WriteInput, context: Pick<ToolContext, 'workspace'>) {
  const resolved = await resolveWorkspacePath(context.workspace.root, request.path, { allowMissing: true });
  const before = await readWorkspaceFile(context.workspace, resolved);
  const stale = state.tracker.checkFresh(resolved.relative, before);
  if (stale) throw wrightError('tool', stale);
  const text = request.content.replace(/\r\n|\r/g, '\n');
  const plan: WritePlan = {
    relative: resolved.relative,
    before,
    after: new TextEncoder().encode(request.content),
    lines: lineCount(text),
  };
  if (before === null) return plan;
  // An existing binary or non-UTF-8 file has no text format to keep: write the content as given.
  let decoded: ReturnType<typeof decodeText> | undefined;
  try {
    decoded = decodeText(before, resolved.relative);
  } catch {
    return plan;
  }
  plan.format = decoded.format;
  plan.previousLines = lineCount(decoded.text);
  plan.after = encodeText(text, decoded.format, decoded.text);
  return plan;
}

function summary(plan: WritePlan): string {
  if (plan.before === null) return `Created ${plan.relative} (${plural(plan.lines, 'line')}).`;
  const kept: string[] = [];
  if (plan.format && plan.format.eol !== '\n') kept.push(`${endingName(plan.format.eol)} line endings`);
  if (plan.format?.bom) kept.push('the UTF-8 BOM');
  const keptText = kept.length > 0 ? `; kept ${kept.join(' and ')}` : '';
  const previous = plan.previousLines === undefined ? '' : `was ${plural(plan.previousLines, 'line')}, now `;
  return `Overwrote ${plan.relative} (${previous}${plural(plan.lines, 'line')}${keptText}).`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The `write_file` tool: creates or replaces a whole file, keeping an existing file's line endings and BOM. */
export function createWriteFileTool(state: ToolKitState): Tool<WriteInput> {
  return defineTool({
    name: 'write_file',
    description,
    effect: 'write',
    input,
    async describe(request, context) {
      const plan = await planWrite(state, request, context);
      const diff = fileDiff({ path: plan.relative, before: plan.before, after: plan.after });
      return {
        title: `${plan.before === null ? 'Create' : 'Overwrite'} ${plan.relative}`,
        detail: diff.diff,
      };
    },
    async run(request, context) {
      const plan = await planWrite(state, request, context);
      const same = plan.before !== null && Buffer.from(plan.before).equals(plan.after);
      // Identical bytes: nothing to write, yet the model now knows the content.
      if (same) state.tracker.recordWrite(plan.relative, plan.after);
      else {
        await applyToolChanges(state, context, 'write_file', [
          { path: plan.relative, before: plan.before, after: plan.after },
        ]);
      }
      return {
        output: same ? `${plan.relative} already had exactly this content; nothing changed.` : summary(plan),
        display: diffDisplay([{ path: plan.relative, before: plan.before, after: plan.after }]),
      };
    },
  });
}
