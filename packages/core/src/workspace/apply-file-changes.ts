import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, realpath, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '../errors.js';
import type { ChangeOrigin, FileChange } from '../workspace.js';
import { checkProtectedPath } from './check-protected-path.js';
import { defaultPathProtection, type PathProtection } from './protected-paths.js';
import { resolveWorkspacePath } from './resolve-workspace-path.js';

/** A change whose paths are confined and whose `before` matched the disk when it was planned. */
export type PlannedFileChange = {
  /** The change as given. */
  change: FileChange;
  /** Absolute, symlink-resolved target path. */
  target: string;
  /** Absolute, symlink-resolved old path of a rename. */
  source?: string;
};

/** Options of `writePlannedChanges` and `applyFileChanges`. */
export type WriteChangesOptions = {
  /** Names the temp files (`.<name>.wright-<tag>.tmp`) so crash repair can find them; random by default. */
  tag?: string;
};

/** Options of `planFileChanges` and `applyFileChanges`: the protected-path check. */
export type PlanChangesOptions = {
  /** Protected paths and the allow rules that open them; default `defaultPathProtection` (never off). */
  protection?: PathProtection;
  /** Who makes the change: allow rules are matched against its tool name. */
  origin?: ChangeOrigin;
};

type Undo = () => Promise<void>;

/**
 * Applies changes all or nothing: `planFileChanges`, then `writePlannedChanges`. Rejects with a `workspace` error
 * (and leaves the files as they were) when a path leaves `root`, a `before` does not match or a write fails.
 */
export async function applyFileChanges(
  root: string,
  changes: FileChange[],
  options: WriteChangesOptions & PlanChangesOptions = {},
): Promise<void> {
  await writePlannedChanges(root, await planFileChanges(root, changes, options), options);
}

/**
 * Checks every change against the disk without writing anything: paths stay inside `root` (symlinks included), no
 * path (target or rename source) is protected unless an allow rule names it, no path appears twice, every `before`
 * matches. For a rename, `before` is the old path's content and the new path must be free.
 */
export async function planFileChanges(
  root: string,
  changes: FileChange[],
  options: PlanChangesOptions = {},
): Promise<PlannedFileChange[]> {
  const protection = options.protection ?? defaultPathProtection;
  const toolName = options.origin?.toolName ?? '';
  const realRoot = await realpath(root);
  const seen = new Set<string>();
  const planned: PlannedFileChange[] = [];
  for (const change of changes) {
    const target = await resolveWorkspacePath(root, change.path, { allowMissing: true });
    const source =
      change.renamedFrom === undefined
        ? undefined
        : await resolveWorkspacePath(root, change.renamedFrom, { allowMissing: true });
    const paths = [{ given: change.path, resolved: target }];
    if (source) paths.push({ given: change.renamedFrom!, resolved: source });
    for (const path of paths) {
      const refused = await checkProtectedPath({ root, realRoot, path, toolName, protection });
      if (refused) throw refused;
    }
    for (const path of [target.relative, source?.relative]) {
      if (path === undefined) continue;
      if (seen.has(path)) throw wrightError('workspace', `${path} appears in more than one change.`);
      seen.add(path);
    }
    if (source) {
      await expectContent(source.absolute, change.renamedFrom!, change.before);
      if (change.after === null) throw wrightError('workspace', `Rename to ${change.path} has no content.`);
      if ((await readFileOrNull(target.absolute)) !== null) {
        throw wrightError(
          'workspace',
          `Cannot rename ${change.renamedFrom} to ${change.path}: it already exists.`,
        );
      }
    } else {
      await expectContent(target.absolute, change.path, change.before);
    }
    planned.push({ change, target: target.absolute, ...(source ? { source: source.absolute } : {}) });
  }
  return planned;
}

/**
 * Writes planned changes: each file through a temp file and a rename (mode kept), a rename's old path and deleted
 * files removed along with the directories they leave empty. When a write fails midway, what was written is
 * undone and a `workspace` error is thrown.
 */
export async function writePlannedChanges(
  root: string,
  planned: PlannedFileChange[],
  options: WriteChangesOptions = {},
): Promise<void> {
  const realRoot = await realpath(root);
  const tag = options.tag ?? randomBytes(4).toString('hex');
  const undo: Undo[] = [];
  try {
    for (const { change, target, source } of planned) {
      if (change.after !== null) undo.push(await replaceFile(target, change.after, tag));
      if (source) undo.push(await removeFile(realRoot, source));
      else if (change.after === null) undo.push(await removeFile(realRoot, target));
    }
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw wrightError(
      'workspace',
      `Could not write the changes (nothing was kept): ${(error as Error).message}`,
    );
  }
}

/** The temp file a tagged write goes through. */
export function temporaryPathFor(absolute: string, tag: string): string {
  return nodePath.join(nodePath.dirname(absolute), `.${nodePath.basename(absolute)}.wright-${tag}.tmp`);
}

/** Reads a file; null when it does not exist; a `workspace` error for a directory. */
export async function readFileOrNull(absolute: string): Promise<Buffer | null> {
  try {
    return await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw wrightError('workspace', `${absolute} is a directory.`);
    throw error;
  }
}

/** Writes (or, for null, deletes) one already-confined file outright, unchecked; for repair and restore paths. */
export async function setFileContent(
  root: string,
  absolute: string,
  content: Uint8Array | null,
  tag: string,
): Promise<void> {
  if (content === null) {
    if ((await readFileOrNull(absolute)) !== null) await removeFile(await realpath(root), absolute);
    return;
  }
  // A leftover of an earlier write with this tag (a crash) would stop the exclusive create.
  await unlink(temporaryPathFor(absolute, tag)).catch(() => undefined);
  await replaceFile(absolute, content, tag);
}

async function expectContent(absolute: string, path: string, before: Uint8Array | null): Promise<void> {
  const current = await readFileOrNull(absolute);
  if (before === null && current !== null) {
    throw wrightError('workspace', `${path} already exists; it was expected not to.`);
  }
  if (before !== null && current === null) {
    throw wrightError('workspace', `${path} does not exist on disk any more.`);
  }
  if (before !== null && current !== null && !Buffer.from(before).equals(current)) {
    throw wrightError('workspace', `${path} changed on disk since it was read; read it again.`);
  }
}

async function replaceFile(absolute: string, content: Uint8Array, tag: string): Promise<Undo> {
  const previous = await readFileOrNull(absolute);
  const mode = previous ? (await stat(absolute)).mode & 0o7777 : undefined;
  await mkdir(nodePath.dirname(absolute), { recursive: true });
  const temporary = temporaryPathFor(absolute, tag);
  try {
    // `wx`: never write through something planted at the temp path.
    await writeFile(temporary, content, { flag: 'wx' });
    if (mode !== undefined) await chmod(temporary, mode);
    await rename(temporary, absolute);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return async () => {
    if (previous === null) await unlink(absolute);
    else await writeFile(absolute, previous);
  };
}

async function removeFile(root: string, absolute: string): Promise<Undo> {
  const previous = await readFileOrNull(absolute);
  const mode = (await stat(absolute)).mode & 0o7777;
  await unlink(absolute);
  await removeEmptyParents(root, nodePath.dirname(absolute));
  return async () => {
    if (previous === null) return;
    await mkdir(nodePath.dirname(absolute), { recursive: true });
    await writeFile(absolute, previous, { mode });
  };
}

// Git does not track directories, so a directory emptied by a deletion goes too (as `git rm` does).
async function removeEmptyParents(root: string, directory: string): Promise<void> {
  let current = directory;
  while (current !== root && current.startsWith(root + nodePath.sep)) {
    const removed = await rmdir(current).then(
      () => true,
      () => false,
    );
    if (!removed) return;
    current = nodePath.dirname(current);
  }
}
