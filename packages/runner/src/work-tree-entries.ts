import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink, rmdir, unlink } from 'node:fs/promises';
import nodePath from 'node:path';

/** How a path looks as a git tree entry: `<mode> <object id>`, or null when there is no file. */
export type EntryState = string | null;

/** The tree-entry state of each path in the work tree now (hashed here, as git would, without touching git). */
export async function currentEntries(workTree: string, paths: string[]): Promise<Map<string, EntryState>> {
  const states = new Map<string, EntryState>();
  for (const path of paths) states.set(path, await currentEntry(nodePath.join(workTree, path)));
  return states;
}

async function currentEntry(absolute: string): Promise<EntryState> {
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) return null;
  if (info.isSymbolicLink()) return `120000 ${blobId(Buffer.from(await readlink(absolute, 'buffer')))}`;
  if (!info.isFile()) return `directory`;
  const mode = info.mode & 0o100 ? '100755' : '100644';
  return `${mode} ${blobId(await readFile(absolute))}`;
}

/** git's sha1 object id of a blob. */
export function blobId(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Parses `ls-tree -z` output (`<mode> <type> <id>\t<path>`) into path -> `<mode> <id>`. */
export function parseTreeEntries(output: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const record of output.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, , id] = record.slice(0, tab).split(' ');
    entries.set(record.slice(tab + 1), `${mode} ${id}`);
  }
  return entries;
}

/** Removes a file (or symlink) and then its parent directories that became empty, up to `workTree`. */
export async function removeWorkTreeFile(workTree: string, path: string): Promise<void> {
  const absolute = nodePath.join(workTree, path);
  const info = await lstat(absolute).catch(() => undefined);
  if (!info || info.isDirectory()) return;
  await unlink(absolute);
  let directory = nodePath.dirname(absolute);
  while (directory.startsWith(`${workTree}${nodePath.sep}`)) {
    if ((await readdir(directory).catch(() => ['?'])).length > 0) return;
    await rmdir(directory).catch(() => undefined);
    directory = nodePath.dirname(directory);
  }
}
