import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { git } from './git.js';

/** A hunk (or a whole file) that does not apply. */
export type ApplyConflict = {
  /** Repository-relative path. */
  file: string;
  /** 0-based index of the failing hunk within the file's diff, when git named one. */
  hunk?: number;
  /** The hunk's starting line in the old file, when git named one. */
  line?: number;
  /** git's explanation. */
  message: string;
};

/** What applying a session's diff to the user's checkout did (or would do). */
export type ApplyBackReport = {
  /** True when the files were written; false on conflicts, for `check`, and for an empty diff. */
  applied: boolean;
  /** Files the diff touches. */
  files: string[];
  /** Empty when the diff applies cleanly. */
  conflicts: ApplyConflict[];
};

/**
 * Applies a git diff to a checkout's working tree, all or nothing: `git apply --check` first, and only when every
 * hunk applies, `git apply` (working tree only: the index is not touched).
 */
export async function applyPatchBack(options: {
  checkout: string;
  patch: string;
  check?: boolean;
}): Promise<ApplyBackReport> {
  const files = patchFiles(options.patch);
  if (options.patch.trim() === '') return { applied: false, files, conflicts: [] };
  const directory = await mkdtemp(nodePath.join(os.tmpdir(), 'wright-apply-'));
  const patchPath = nodePath.join(directory, 'session.patch');
  try {
    await writeFile(patchPath, options.patch);
    const flags = ['--binary', '--whitespace=nowarn'];
    const checked = await git(['apply', '--check', ...flags, patchPath], {
      cwd: options.checkout,
      check: false,
      userConfig: true,
    });
    if (checked.exitCode !== 0) {
      return { applied: false, files, conflicts: parseApplyErrors(checked.stderr, options.patch) };
    }
    if (options.check) return { applied: false, files, conflicts: [] };
    await git(['apply', ...flags, patchPath], { cwd: options.checkout, userConfig: true });
    return { applied: true, files, conflicts: [] };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Paths named by the `diff --git` headers of a patch (new side; old side for deletions; both for a rename). */
export function patchFiles(patch: string): string[] {
  const files: string[] = [];
  for (const section of patch.split(/^(?=diff --git )/m)) {
    const header = /^diff --git a\/(.+) b\/(.+)$/m.exec(section);
    if (!header) continue;
    files.push(header[2]!);
    const headerEnd = section.search(/^(@@|GIT binary patch)/m);
    const renamed = /^rename from (.+)$/m.exec(headerEnd < 0 ? section : section.slice(0, headerEnd));
    if (renamed && renamed[1] !== header[2]) files.push(renamed[1]!);
  }
  return files;
}

/** Turns `git apply --check` errors into conflicts, mapping `file:line` back to a hunk index. */
export function parseApplyErrors(stderr: string, patch: string): ApplyConflict[] {
  const hunkStarts = hunkStartsByFile(patch);
  const conflicts: ApplyConflict[] = [];
  const byFile = new Map<string, ApplyConflict>();
  for (const line of stderr.split('\n')) {
    const failed = /^error: patch failed: (.+):(\d+)$/.exec(line);
    if (failed) {
      const file = failed[1]!;
      const start = Number(failed[2]);
      const index = hunkStarts.get(file)?.indexOf(start);
      const conflict: ApplyConflict = {
        file,
        line: start,
        ...(index !== undefined && index >= 0 ? { hunk: index } : {}),
        message: `hunk at line ${start} does not match the file`,
      };
      conflicts.push(conflict);
      byFile.set(file, conflict);
      continue;
    }
    const other = /^error: (.+?): (.+)$/.exec(line);
    if (!other) continue;
    const [, file, message] = other as unknown as [string, string, string];
    if (message === 'patch does not apply' && byFile.has(file)) continue;
    conflicts.push({ file, message });
  }
  if (conflicts.length === 0 && stderr.trim() !== '') conflicts.push({ file: '', message: stderr.trim() });
  return conflicts;
}

function hunkStartsByFile(patch: string): Map<string, number[]> {
  const starts = new Map<string, number[]>();
  let current: number[] | undefined;
  for (const line of patch.split('\n')) {
    const header = /^diff --git a\/(.+) b\/(.+)$/.exec(line);
    if (header) {
      current = [];
      starts.set(header[1]!, current);
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
    if (hunk && current) current.push(Number(hunk[1]));
  }
  return starts;
}
