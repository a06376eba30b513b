import { realpath, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { findOnPath } from './language-servers.js';

/** The folder the sandbox replaces with a fresh, empty one; never made visible as a whole. */
const replacedFolder = '/tmp';

/**
 * What a server is started from, to keep visible (read-only) in the sandbox, which replaces /tmp with an empty
 * folder: the folder of its command (looked up on `path` when the command names no folder; relative to `root`
 * when it is relative) and, for each argument that is an absolute path to something that exists, the folder that
 * file is in (or the folder the argument names). Each is listed as given and by its real path (a symlink's target
 * folder). /tmp itself is never listed: a file right inside /tmp is listed alone, not the whole of /tmp.
 * Only entries under /tmp change anything (the rest of the file system is visible read-only anyway).
 */
export async function serverFolders(
  launch: { command: string; args: readonly string[] },
  root: string,
  path: string,
): Promise<string[]> {
  const command = launch.command.includes('/')
    ? nodePath.resolve(root, launch.command)
    : await findOnPath(launch.command, path);
  const paths = [
    ...(command === undefined ? [] : [command]),
    ...launch.args.filter((argument) => nodePath.isAbsolute(argument)),
  ];
  const folders = new Set<string>();
  for (const given of paths) {
    for (const entry of new Set([given, await realpath(given).catch(() => given)])) {
      const info = await stat(entry).catch(() => undefined);
      if (info === undefined) continue;
      const folder = info.isDirectory() ? entry : nodePath.dirname(entry);
      folders.add(nodePath.resolve(folder) === replacedFolder ? entry : folder);
    }
  }
  return [...folders].filter((folder) => nodePath.resolve(folder) !== replacedFolder);
}
