import { readFile } from 'node:fs/promises';
import type { ChangeOrigin, FileChange, Workspace } from '@wright/core';
import { toErrorData, wrightError } from '@wright/core';
import { formatBytes, maximumFileBytes, oversizeFile, oversizeHint } from '../workspace/file-size-limit.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import type { HunkReport } from './apply-hunks.js';
import { parsePatch } from './parse-patch.js';
import { type PatchError, type PlannedFile, type PlanPatchOptions, planPatch } from './plan-patch.js';

/** What a patch did (or, with `check`, would do) to one file section. */
export type PatchFileReport = {
  /** Workspace-relative path (the new path of a rename). */
  path: string;
  /** What happened to it. */
  action: PlannedFile['action'];
  /** For a rename: the old path. */
  renamedFrom?: string;
  /** How each hunk applied (position, offset, fuzz). */
  hunks: HunkReport[];
  /** Lines added. */
  added: number;
  /** Lines removed. */
  removed: number;
  /** True when an existing file was replaced by a create or move. */
  overwrote: boolean;
};

/** The outcome of `applyPatchToWorkspace`. */
export type PatchReport = {
  /** True when the patch applies (and, without `check`, was written). */
  ok: boolean;
  /** True when files were written. */
  written: boolean;
  /** Per file section, in patch order (empty on failure). */
  files: PatchFileReport[];
  /** Why it failed: parse errors, missing files, hunks that do not apply, a conflicting write. */
  errors: PatchError[];
  /** The planned files with their bytes, for callers that show diffs (empty on failure). */
  planned: PlannedFile[];
  /** The workspace changes (written, or to write after a `check`), one per path; empty on failure. */
  changes: FileChange[];
};

/** Options for `applyPatchToWorkspace`. */
export type ApplyPatchOptions = PlanPatchOptions & {
  /** Only check that the patch applies; write nothing. */
  check?: boolean;
  /** Refuse hunks whose bodies do not match their `@@` line counts (for patches from tools, not models). */
  strictLineCounts?: boolean;
  /** Who makes the change, for the workspace's ledger. */
  origin?: ChangeOrigin;
};

/**
 * Parses and plans a patch against the workspace (paths confined to its root) and, unless `check`, writes every
 * change in one all-or-nothing `applyChanges` call. Never throws for a bad patch: the report carries the errors.
 */
export async function applyPatchToWorkspace(
  workspace: Workspace,
  patchText: string,
  options: ApplyPatchOptions = {},
): Promise<PatchReport> {
  const failed = (errors: PatchError[]): PatchReport => ({
    ok: false,
    written: false,
    files: [],
    errors,
    planned: [],
    changes: [],
  });
  let parsed: ReturnType<typeof parsePatch>;
  try {
    parsed = parsePatch(patchText, { strictLineCounts: options.strictLineCounts ?? false });
  } catch (error) {
    return failed([{ file: '', message: toErrorData(error).message }]);
  }
  const plan = await planPatch(parsed, (path) => readPatchedFile(workspace, path), options);
  if (!plan.ok) return failed(plan.errors);
  if (!options.check) {
    try {
      await workspace.applyChanges(plan.changes, options.origin ?? { toolName: 'apply_patch', callId: '' });
    } catch (error) {
      return failed([{ file: '', message: toErrorData(error).message }]);
    }
  }
  return {
    ok: true,
    written: !options.check,
    files: plan.files.map(({ before: _before, after: _after, ...file }) => file),
    errors: [],
    planned: plan.files,
    changes: plan.changes,
  };
}

// Through the workspace's own reader when it has one (an editor's buffers), else from the disk.
async function readPatchedFile(workspace: Workspace, path: string): Promise<Uint8Array | null> {
  const resolved = await resolveWorkspacePath(workspace.root, path, { allowMissing: true });
  const oversize = await oversizeFile(resolved.absolute);
  if (oversize !== undefined) {
    throw wrightError(
      'tool',
      `it is ${formatBytes(oversize)}, larger than the ${formatBytes(maximumFileBytes)} the file tools change. ${oversizeHint}`,
    );
  }
  if (workspace.readFile !== undefined) return workspace.readFile(resolved.relative);
  try {
    return await readFile(resolved.absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw wrightError('tool', 'it is a directory, not a file.');
    throw error;
  }
}
