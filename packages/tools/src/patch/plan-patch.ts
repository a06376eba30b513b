import type { FileChange } from '@wright/core';
import { decodeText, type TextFormat } from '../text/decode-text.js';
import { encodeText } from '../text/encode-text.js';
import { type ApplyHunksOptions, applyHunks, type HunkReport, splitLines } from './apply-hunks.js';
import type { FilePatch, ParsedPatch } from './patch-types.js';

/** What a patch will do to one file section. */
export type PlannedFile = {
  /** Workspace-relative path (the new path of a rename). */
  path: string;
  /** What happens to it. */
  action: 'create' | 'modify' | 'delete' | 'rename';
  /** For a rename: the old path. */
  renamedFrom?: string;
  /** Content before this section (of the old path, for a rename); null when it did not exist. */
  before: Uint8Array | null;
  /** Content after it; null when deleted. */
  after: Uint8Array | null;
  /** How each hunk applied. */
  hunks: HunkReport[];
  /** Lines added by the section. */
  added: number;
  /** Lines removed by the section. */
  removed: number;
  /** True when a create or move replaced an existing file (Codex `*** Add File` / `*** Move to` allow it). */
  overwrote: boolean;
};

/** Why a patch cannot be applied: which file, which hunk, and the nearest candidate text. */
export type PatchError = {
  /** Workspace-relative path of the file section. */
  file: string;
  /** 1-based hunk index, when a hunk failed. */
  hunk?: number;
  /** The hunk's `@@` header, when a hunk failed. */
  header?: string;
  /** Full message for the model, naming the file and hunk. */
  message: string;
  /** The file's lines most like the hunk, with the 1-based line they start at. */
  nearest?: { line: number; text: string };
};

/** The plan for a whole patch: all files, or the reasons it fails. Nothing is written by planning. */
export type PatchPlan =
  | { ok: true; files: PlannedFile[]; changes: FileChange[] }
  | { ok: false; errors: PatchError[] };

/** Reads a workspace-relative file: its bytes, or null when it does not exist. May throw for refused paths. */
export type ReadFile = (path: string) => Promise<Uint8Array | null>;

/** Options for `planPatch`. */
export type PlanPatchOptions = ApplyHunksOptions;

const newFileFormat: TextFormat = { eol: '\n', bom: false, finalNewline: true };

/**
 * Works out every file's new content without writing anything. Sections apply in order on a virtual copy, so a
 * later section may touch a file an earlier one created or changed. Any failure fails the whole plan; the
 * resulting `changes` (one per path, `before` = the content read) go to `Workspace.applyChanges` in one call.
 */
export async function planPatch(
  patch: ParsedPatch,
  read: ReadFile,
  options: PlanPatchOptions = {},
): Promise<PatchPlan> {
  const disk = new Map<string, Uint8Array | null>();
  const current = new Map<string, Uint8Array | null>();
  const renames = new Map<string, string>();
  const load = async (path: string) => {
    if (!current.has(path)) {
      const bytes = await read(path);
      disk.set(path, bytes);
      current.set(path, bytes);
    }
    return current.get(path) ?? null;
  };
  const files: PlannedFile[] = [];
  const errors: PatchError[] = [];
  for (const section of patch.files) {
    try {
      const planned = await planSection(section, load, options);
      if ('errors' in planned) {
        errors.push(...planned.errors);
        continue;
      }
      if (planned.renamedFrom) {
        current.set(planned.renamedFrom, null);
        renames.set(planned.path, planned.renamedFrom);
      }
      current.set(planned.path, planned.after);
      files.push(planned);
    } catch (error) {
      errors.push({ file: section.path, message: `${section.path}: ${(error as Error).message}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, files, changes: toChanges(disk, current, renames) };
}

async function planSection(
  section: FilePatch,
  load: (path: string) => Promise<Uint8Array | null>,
  options: PlanPatchOptions,
): Promise<PlannedFile | { errors: PatchError[] }> {
  const fail = (message: string) => ({
    errors: [{ file: section.path, message: `${section.path}: ${message}` }],
  });
  const counts = countLines(section);
  if (section.action === 'create') {
    const existing = await load(section.path);
    if (existing !== null && !section.overwrite)
      return fail('the patch creates this file, but it already exists.');
    const format = existing === null ? newFileFormat : decodeText(existing, section.path).format;
    const outcome = applyHunks('', section.hunks, options);
    if (!outcome.ok) return hunkErrors(section, outcome.failures);
    const after = encodeText(outcome.text, { ...format, mixedEndings: undefined });
    return {
      path: section.path,
      action: 'create',
      before: existing,
      after,
      hunks: outcome.hunks,
      ...counts,
      overwrote: existing !== null,
    };
  }
  let path = section.renamedFrom ?? section.path;
  let before = await load(path);
  if (before === null && section.alternatePath !== undefined) {
    before = await load(section.alternatePath);
    if (before !== null) path = section.alternatePath;
  }
  if (before === null) {
    const verb = section.action === 'delete' ? 'delete' : 'change';
    return fail(`the patch would ${verb} this file, but it does not exist.`);
  }
  const decoded = decodeText(before, path);
  const outcome = applyHunks(decoded.text, section.hunks, options);
  if (!outcome.ok) return hunkErrors({ ...section, path }, outcome.failures);
  if (section.action === 'delete') {
    const removed = section.hunks.length > 0 ? counts.removed : splitLines(decoded.text).length;
    return {
      path,
      action: 'delete',
      before,
      after: null,
      hunks: outcome.hunks,
      added: 0,
      removed,
      overwrote: false,
    };
  }
  const after =
    outcome.text === decoded.text ? before : encodeText(outcome.text, decoded.format, decoded.text);
  if (!section.renamedFrom || section.renamedFrom === section.path) {
    return { path, action: 'modify', before, after, hunks: outcome.hunks, ...counts, overwrote: false };
  }
  const target = await load(section.path);
  if (target !== null && !section.overwrite)
    return fail(`cannot rename ${section.renamedFrom} here: the file already exists.`);
  return {
    path: section.path,
    action: 'rename',
    renamedFrom: section.renamedFrom,
    before,
    after,
    hunks: outcome.hunks,
    ...counts,
    overwrote: target !== null,
  };
}

function hunkErrors(
  section: FilePatch,
  failures: { index: number; header: string; message: string; nearest?: { line: number; text: string } }[],
) {
  return {
    errors: failures.map((failure) => ({
      file: section.path,
      hunk: failure.index,
      header: failure.header,
      message: `${section.path}: ${failure.message}`,
      ...(failure.nearest ? { nearest: failure.nearest } : {}),
    })),
  };
}

function countLines(section: FilePatch): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const hunk of section.hunks) {
    for (const line of hunk.lines) {
      if (line.kind === 'add') added++;
      else if (line.kind === 'remove') removed++;
    }
  }
  return { added, removed };
}

function toChanges(
  disk: Map<string, Uint8Array | null>,
  current: Map<string, Uint8Array | null>,
  renames: Map<string, string>,
): FileChange[] {
  const changes: FileChange[] = [];
  const handled = new Set<string>();
  for (const [path, source] of renames) {
    const movedAway = current.get(source) === null && disk.get(source) != null;
    if (!movedAway || disk.get(path) != null || current.get(path) == null || handled.has(source)) continue;
    changes.push({ path, before: disk.get(source)!, after: current.get(path)!, renamedFrom: source });
    handled.add(path).add(source);
  }
  for (const [path, after] of current) {
    if (handled.has(path)) continue;
    const before = disk.get(path) ?? null;
    if (sameBytes(before, after)) continue;
    changes.push({ path, before, after });
  }
  return changes;
}

function sameBytes(left: Uint8Array | null, right: Uint8Array | null): boolean {
  if (left === null || right === null) return left === right;
  return Buffer.from(left).equals(Buffer.from(right));
}
