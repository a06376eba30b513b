import { afterAll, beforeAll } from 'vitest';
import { isolateGitConfig, makeTemporaryDirectory, removeDirectory } from './temp-repository.js';

/** The file's scratch directory; `path` is readable from the first `beforeAll` on. */
export type ScratchDirectory = {
  /** Absolute, symlink-resolved path of the directory. */
  readonly path: string;
};

/**
 * Registers the hooks every runner test file needs: a fresh temp directory with git isolated from the machine's
 * config before all tests, removed after all (after the file's own `afterAll`s, which vitest runs in reverse).
 */
export function useScratchDirectory(): ScratchDirectory {
  let path: string | undefined;
  beforeAll(async () => {
    path = await makeTemporaryDirectory();
    await isolateGitConfig(path);
  });
  afterAll(async () => {
    if (path !== undefined) await removeDirectory(path);
  });
  return {
    get path() {
      if (path === undefined)
        throw new Error('The scratch directory is made in beforeAll; read it from there on.');
      return path;
    },
  };
}
