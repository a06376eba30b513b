import { readFileSync } from 'node:fs';
import type { Tool, ToolContext } from '@wright/core';
import { wrightError } from '@wright/core';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { diffDisplay, fileDiff } from '../text/file-diff.js';
import type { ToolKitState } from '../tool-kit-state.js';
import { applyToolChanges } from '../workspace/apply-tool-changes.js';
import { applyPatchToWorkspace, type PatchReport } from './apply-patch-to-workspace.js';
import { formatPatchReport } from './format-patch-report.js';

const description = readFileSync(new URL('./apply-patch.prompt.md', import.meta.url), 'utf8');

const input = z.object({
  patch: z.string().describe('A unified diff, or a `*** Begin Patch` … `*** End Patch` envelope.'),
});

type PatchInput = z.infer<typeof input>;

const rereadGuidance =
  'Read the affected files again with read_file and write the patch against their current content (copy context lines exactly).';

// Plans without writing, then refuses files the model has not seen in their current state.
async function checkPatch(state: ToolKitState, request: PatchInput, context: Pick<ToolContext, 'workspace'>) {
  const report = await applyPatchToWorkspace(context.workspace, request.patch, { check: true });
  if (!report.ok) throw wrightError('tool', `${formatPatchReport(report)}\n${rereadGuidance}`);
  for (const change of report.changes) {
    const stale = state.tracker.checkFresh(change.renamedFrom ?? change.path, change.before);
    if (stale) throw wrightError('tool', `The patch was not applied; no file was changed. ${stale}`);
  }
  return report;
}

function diffsOf(report: PatchReport) {
  return report.changes.map((change) => ({
    path: change.path,
    ...(change.renamedFrom ? { previousPath: change.renamedFrom } : {}),
    before: change.before,
    after: change.after,
  }));
}

/** The `apply_patch` tool: unified diffs or the Codex envelope, applied all or nothing. */
export function createApplyPatchTool(state: ToolKitState): Tool<PatchInput> {
  return defineTool({
    name: 'apply_patch',
    description,
    effect: 'write',
    input,
    async describe(request, context) {
      const report = await checkPatch(state, request, context);
      const paths = report.files.map((file) => file.path);
      return {
        title: `Patch ${paths.length === 1 ? paths[0] : `${paths.length} files`}`,
        detail: diffsOf(report)
          .map((file) => fileDiff(file).diff)
          .join(''),
      };
    },
    async run(request, context) {
      const report = await checkPatch(state, request, context);
      await applyToolChanges(state, context, 'apply_patch', report.changes);
      return {
        output: formatPatchReport({ ...report, written: true }),
        display: diffDisplay(diffsOf(report)),
      };
    },
  });
}
