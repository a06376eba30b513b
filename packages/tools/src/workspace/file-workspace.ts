import { realpath } from 'node:fs/promises';
import type { ChangeOrigin, FileChange, Workspace } from '@wright/core';
import { applyFileChanges } from '@wright/core';

/**
 * A Workspace on a plain directory. `applyChanges` is core's `applyFileChanges`: all or nothing, every path
 * confined, every `before` compared with the disk first, writes through a temp file + rename, undone on failure.
 */
export async function createFileWorkspace(root: string): Promise<Workspace> {
  const realRoot = await realpath(root);
  return {
    root: realRoot,
    async applyChanges(changes: FileChange[], _origin: ChangeOrigin) {
      await applyFileChanges(realRoot, changes);
    },
  };
}
