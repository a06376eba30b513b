import { readFile } from 'node:fs/promises';
import { wrightError } from '@wright/core';
import { formatBytes, maximumFileBytes, oversizeFile, oversizeHint } from '../workspace/file-size-limit.js';

/**
 * Reads a file's bytes, or null when it does not exist; a directory, or a file over the size limit the file tools
 * share with read_file, is an error for the model (refused before it is read).
 */
export async function readExisting(absolute: string, relative: string): Promise<Uint8Array | null> {
  await refuseOversize(absolute, relative);
  try {
    return await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw wrightError('tool', `${relative} is a directory, not a file.`);
    throw error;
  }
}

/** Throws the tools' refusal when the file at `absolute` is over the size limit the file tools share. */
export async function refuseOversize(absolute: string, relative: string): Promise<void> {
  const oversize = await oversizeFile(absolute);
  if (oversize === undefined) return;
  throw wrightError(
    'tool',
    `${relative} is ${formatBytes(oversize)}, larger than the ${formatBytes(maximumFileBytes)} the file tools change.`,
    { hint: oversizeHint },
  );
}

/** Number of lines in `\n`-text (a final newline does not start a line). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
