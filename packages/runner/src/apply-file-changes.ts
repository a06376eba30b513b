import {
  chmod,
  lstat,
  mkdir,
  readFile,
  readlink,
  realpath,
  rename,
  rmdir,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import nodePath from 'node:path';
import type { FileChange } from '@wright/core';
import { wrightError } from '@wright/core';

/** A change with its paths resolved and checked. */
export type ResolvedChange = {
  change: FileChange;
  /** Absolute target path. */
  target: string;
  /** Absolute old path of a rename. */
  source?: string;
};

type Undo = () => Promise<void>;

/**
 * Checks every change against the disk (all `before`s match, paths stay inside `root`) without writing anything.
 * For a rename, `before` is the old path's content and the new path must be free (as in `@wright/tools`).
 */
export async function resolveChanges(root: string, changes: FileChange[]): Promise<ResolvedChange[]> {
  const seen = new Set<string>();
  const resolved: ResolvedChange[] = [];
  for (const change of changes) {
    const target = await confine(root, change.path);
    const source = change.renamedFrom !== undefined ? await confine(root, change.renamedFrom) : undefined;
    for (const path of [change.path, change.renamedFrom]) {
      if (path === undefined) continue;
      if (seen.has(path)) throw wrightError('workspace', `${path} appears in more than one change.`);
      seen.add(path);
    }
    if (source) {
      await expectContent(source, change.renamedFrom!, change.before);
      if (change.after === null) throw wrightError('workspace', `Rename to ${change.path} has no content.`);
      if ((await readContent(target)) !== null) {
        throw wrightError(
          'workspace',
          `Cannot rename ${change.renamedFrom} to ${change.path}: it already exists.`,
        );
      }
    } else {
      await expectContent(target, change.path, change.before);
    }
    resolved.push({ change, target, ...(source ? { source } : {}) });
  }
  return resolved;
}

/**
 * Writes resolved changes: each file through a temp file named with `tag` and a rename (mode kept), deletions last.
 * When a write fails midway, what was written is undone and a `workspace` error is thrown.
 */
export async function writeResolvedChanges(
  root: string,
  resolved: ResolvedChange[],
  tag: string,
): Promise<void> {
  const undo: Undo[] = [];
  try {
    for (const { change, target, source } of resolved) {
      if (change.after !== null) undo.push(await replaceFile(target, change.after, tag));
      if (source) undo.push(await removeFile(root, source));
      else if (change.after === null) undo.push(await removeFile(root, target));
    }
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw wrightError(
      'workspace',
      `Could not write the changes (nothing was kept): ${(error as Error).message}`,
    );
  }
}

/** The temp file a tagged write goes through; known so crash repair can remove leftovers. */
export function temporaryPathFor(absolute: string, tag: string): string {
  return nodePath.join(nodePath.dirname(absolute), `.${nodePath.basename(absolute)}.wright-${tag}.tmp`);
}

/** Reads a file; null when it does not exist. */
export async function readContent(absolute: string): Promise<Buffer | null> {
  try {
    return await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw wrightError('workspace', `${absolute} is a directory.`);
    throw error;
  }
}

/** Writes (or, for null, deletes) one file outright; used by repair and restore paths. */
export async function setContent(
  root: string,
  absolute: string,
  content: Uint8Array | null,
  tag: string,
): Promise<void> {
  if (content === null) {
    if ((await readContent(absolute)) !== null) await removeFile(root, absolute);
    return;
  }
  await replaceFile(absolute, content, tag);
}

/** Resolves a workspace-relative path, refusing anything that ends up outside `root` (symlinks included). */
export async function confine(root: string, path: string, hops = 0): Promise<string> {
  if (path === '' || path.includes('\0')) throw wrightError('workspace', `Invalid path "${path}".`);
  const absolute = nodePath.resolve(root, path);
  const relative = nodePath.relative(root, absolute);
  if (relative === '' || climbsOut(relative)) {
    throw wrightError('workspace', `${path} is outside the workspace ${root}.`);
  }
  const throughLink = () =>
    wrightError('workspace', `${path} resolves outside the workspace (through a symlink).`);
  let existing = absolute;
  while (!(await exists(existing))) existing = nodePath.dirname(existing);
  const real = await realpath(existing).catch(() => undefined);
  if (real === undefined) {
    // A dangling symlink: writing would create its target, which must be inside too.
    if (hops >= 40) throw wrightError('workspace', `${path}: too many levels of symbolic links.`);
    const target = nodePath.resolve(nodePath.dirname(existing), await readlink(existing));
    const followed = nodePath.join(target, nodePath.relative(existing, absolute));
    if (climbsOut(nodePath.relative(root, followed))) throw throughLink();
    return confine(root, nodePath.relative(root, followed), hops + 1);
  }
  if (climbsOut(nodePath.relative(root, real))) throw throughLink();
  return existing === absolute ? real : absolute;
}

// `..notes.txt` is an ordinary name; only a `..` segment leaves the root.
function climbsOut(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(relative);
}

async function exists(absolute: string): Promise<boolean> {
  return lstat(absolute).then(
    () => true,
    () => false,
  );
}

async function expectContent(absolute: string, path: string, before: Uint8Array | null): Promise<void> {
  const current = await readContent(absolute);
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
  const previous = await readContent(absolute);
  const mode = previous ? (await stat(absolute)).mode & 0o7777 : undefined;
  await mkdir(nodePath.dirname(absolute), { recursive: true });
  const temporary = temporaryPathFor(absolute, tag);
  try {
    await writeFile(temporary, content);
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
  const previous = await readContent(absolute);
  const mode = (await stat(absolute)).mode & 0o7777;
  await unlink(absolute);
  await removeEmptyParents(root, nodePath.dirname(absolute));
  return async () => {
    if (previous === null) return;
    await mkdir(nodePath.dirname(absolute), { recursive: true });
    await writeFile(absolute, previous, { mode });
  };
}

/** Git does not track directories, so a directory emptied by a deletion goes too (as `git rm` does). */
export async function removeEmptyParents(root: string, directory: string): Promise<void> {
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
