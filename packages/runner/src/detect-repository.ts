import { realpath } from 'node:fs/promises';
import nodePath from 'node:path';
import { git } from './git.js';

/** Where a directory sits with respect to git. */
export type RepositoryInfo = {
  /** True when the directory is inside a git working tree. */
  isGitRepository: boolean;
  /** The working tree's top directory (realpath); the directory itself when it is not in a repository. */
  repoRoot: string;
  /** The path of `cwd` relative to `repoRoot`, with forward slashes ('' at the top). */
  subdirectory: string;
};

/** Finds the repository that contains `cwd`, if any. */
export async function detectRepository(cwd: string): Promise<RepositoryInfo> {
  const directory = await realpath(cwd);
  const result = await git(['rev-parse', '--show-toplevel'], {
    cwd: directory,
    check: false,
    userConfig: true,
  });
  if (result.exitCode !== 0 || result.stdout.trim() === '') {
    return { isGitRepository: false, repoRoot: directory, subdirectory: '' };
  }
  const repoRoot = await realpath(result.stdout.trim());
  const subdirectory = nodePath.relative(repoRoot, directory).split(nodePath.sep).join('/');
  return { isGitRepository: true, repoRoot, subdirectory };
}
