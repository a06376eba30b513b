import { realpath } from 'node:fs/promises';
import type { ChangeOrigin, FileChange, PathProtection, Workspace } from '@wright/core';
import { applyFileChanges } from '@wright/core/internal';

/** Options of `createFileWorkspace`. */
export type FileWorkspaceOptions = {
  /** Protected paths and the allow rules that open them; default core's `defaultPathProtection`. */
  protection?: PathProtection;
};

/**
 * A Workspace on a plain directory. `applyChanges` is core's `applyFileChanges`: all or nothing, every path
 * confined, protected paths refused, every `before` compared with the disk first, writes through a temp file +
 * rename, undone on failure.
 */
export async function createFileWorkspace(
  root: string,
  options: FileWorkspaceOptions = {},
): Promise<Workspace> {
  const realRoot = await realpath(root);
  return {
    root: realRoot,
    async applyChanges(changes: FileChange[], origin: ChangeOrigin) {
      await applyFileChanges(realRoot, changes, {
        origin,
        ...(options.protection ? { protection: options.protection } : {}),
      });
    },
  };
}
