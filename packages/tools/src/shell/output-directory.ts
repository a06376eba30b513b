import { rmSync } from 'node:fs';
import { chmod, lstat, mkdir } from 'node:fs/promises';
import { type Workspace, wrightError } from '@wright/core';
import type { ToolKitState } from '../tool-kit-state.js';

/**
 * Where a command's full output goes: the workspace's scratch directory (inside the session directory, so it goes
 * with the session), else the tool kit's own private temp directory, removed when the process exits. Either is
 * created 0700 (outputs can hold anything a command printed) and must be a real directory owned by this user.
 */
export async function prepareOutputDirectory(state: ToolKitState, workspace: Workspace): Promise<string> {
  const directory = workspace.scratchDirectory ?? state.outputDirectory;
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const info = await lstat(directory);
  const owner = process.getuid?.();
  if (!info.isDirectory() || (owner !== undefined && info.uid !== owner)) {
    throw wrightError(
      'tool',
      `The output directory ${directory} is not a directory of this user; not using it.`,
    );
  }
  if ((info.mode & 0o077) !== 0) await chmod(directory, 0o700);
  if (directory === state.outputDirectory) removeWhenProcessExits(directory);
  return directory;
}

/** Directories that the process removes as it exits: the tool kits' private temp output directories. */
const temporaryDirectories = new Set<string>();

function removeWhenProcessExits(directory: string): void {
  if (temporaryDirectories.size === 0) process.once('exit', removeTemporaryOutputDirectories);
  temporaryDirectories.add(directory);
}

/** Removes every private temp output directory now (what happens at process exit). */
export function removeTemporaryOutputDirectories(): void {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
  temporaryDirectories.clear();
}
