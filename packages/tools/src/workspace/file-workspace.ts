import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import type { ChangeOrigin, FileChange, Workspace } from '@wright/core';
import { wrightError } from '@wright/core';
import { resolveWorkspacePath } from './resolve-path.js';

type PlannedChange = {
  /** The change as given. */
  change: FileChange;
  /** Absolute target path. */
  target: string;
  /** Absolute old path of a rename. */
  source?: string;
};

type Undo = () => Promise<void>;

/**
 * A Workspace on a plain directory. `applyChanges` is all or nothing: every path is confined, every `before` is
 * compared with the disk first (for a rename, `before` is the old path's content and the new path must be free),
 * then files are written through a temp file + rename; if a write fails midway, what was done is undone.
 */
export async function createFileWorkspace(root: string): Promise<Workspace> {
  const realRoot = await realpath(root);
  return {
    root: realRoot,
    async applyChanges(changes: FileChange[], _origin: ChangeOrigin) {
      const planned = await planChanges(realRoot, changes);
      await applyPlanned(planned);
    },
  };
}

async function planChanges(root: string, changes: FileChange[]): Promise<PlannedChange[]> {
  const seen = new Set<string>();
  const planned: PlannedChange[] = [];
  for (const change of changes) {
    const target = await resolveWorkspacePath(root, change.path, { allowMissing: true });
    const source = change.renamedFrom
      ? await resolveWorkspacePath(root, change.renamedFrom, { allowMissing: true })
      : undefined;
    for (const path of [target.relative, source?.relative]) {
      if (path === undefined) continue;
      if (seen.has(path)) throw wrightError('workspace', `${path} appears in more than one change.`);
      seen.add(path);
    }
    if (source) {
      await expectContent(source.absolute, change.renamedFrom!, change.before);
      if (change.after === null) throw wrightError('workspace', `Rename to ${change.path} has no content.`);
      if ((await currentContent(target.absolute)) !== null) {
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

async function expectContent(absolute: string, path: string, before: Uint8Array | null): Promise<void> {
  const current = await currentContent(absolute);
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

async function currentContent(absolute: string): Promise<Buffer | null> {
  try {
    return await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw wrightError('workspace', `${absolute} is a directory.`);
    throw error;
  }
}

async function applyPlanned(planned: PlannedChange[]): Promise<void> {
  const undo: Undo[] = [];
  try {
    for (const { change, target, source } of planned) {
      if (source) {
        undo.push(await replaceFile(target, change.after!));
        undo.push(await removeFile(source));
      } else if (change.after === null) {
        undo.push(await removeFile(target));
      } else {
        undo.push(await replaceFile(target, change.after));
      }
    }
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw wrightError(
      'workspace',
      `Could not write the changes (nothing was kept): ${(error as Error).message}`,
    );
  }
}

async function replaceFile(absolute: string, content: Uint8Array): Promise<Undo> {
  const previous = await currentContent(absolute);
  const mode = previous ? (await stat(absolute)).mode & 0o7777 : undefined;
  await mkdir(nodePath.dirname(absolute), { recursive: true });
  const temporary = nodePath.join(
    nodePath.dirname(absolute),
    `.${nodePath.basename(absolute)}.wright-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
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

async function removeFile(absolute: string): Promise<Undo> {
  const previous = await currentContent(absolute);
  const mode = (await stat(absolute)).mode & 0o7777;
  await unlink(absolute);
  return async () => {
    if (previous === null) return;
    await writeFile(absolute, previous, { mode });
  };
}
