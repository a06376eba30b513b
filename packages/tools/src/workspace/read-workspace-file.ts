import type { Workspace } from '@wright/core';
import { readExisting, refuseOversize } from '../write/read-existing.js';

/**
 * A workspace file's bytes for a file tool to change, or null when it does not exist: through the workspace's own
 * reader when it has one (an editor's buffers), else from the disk. A directory, or a file over the size limit, is
 * an error for the model.
 */
export async function readWorkspaceFile(
  workspace: Pick<Workspace, 'readFile'>,
  resolved: { absolute: string; relative: string },
): Promise<Uint8Array | null> {
  if (workspace.readFile === undefined) return readExisting(resolved.absolute, resolved.relative);
  await refuseOversize(resolved.absolute, resolved.relative);
  return workspace.readFile(resolved.relative);
}
