import { stat } from 'node:fs/promises';

/**
 * Files larger than this (bytes) are never read whole by a file tool: `read_file` refuses them, and `write_file`,
 * `edit_file` and `apply_patch` refuse to change them (they would hold the file in memory several times and copy
 * it into the change ledger). The model can still change such a file with shell tools that stream it.
 */
export const maximumFileBytes = 64 * 1024 * 1024;

/** 512 → "512 B", 2048 → "2.0 KB", 3 MiB → "3.0 MB". */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The size of the regular file at `absolute` when it is over `maximumFileBytes`; undefined when it is within the
 * limit, missing or not a regular file (the caller's own read reports those). One stat, so a huge file is refused
 * before a single byte of it is read.
 */
export async function oversizeFile(absolute: string): Promise<number | undefined> {
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined || !info.isFile() || info.size <= maximumFileBytes) return undefined;
  return info.size;
}

/** The sentence a file tool's refusal ends with: what the limit is and how to change the file instead. */
export const oversizeHint =
  'Change it with shell tools that stream it (sed -i, a script), or split it; the file tools read and write whole files.';
