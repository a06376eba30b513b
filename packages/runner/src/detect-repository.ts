import { readFile, realpath } from 'node:fs/promises';
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

/** An index whose stat cache can seed Wright's snapshots, and the folders whose entries must be hashed anew. */
export type SeedIndex = {
  /** Absolute path of the checkout's index. */
  index: string;
  /** Folders (relative, forward slashes) under a `.gitattributes` that may convert content: not trusted. */
  untrusted: string[];
};

/**
 * The index of a checkout, when its stat cache can seed Wright's snapshots. A seeded entry is trusted by its stat
 * data alone, so it must hold the checked-out bytes: folders governed by a `.gitattributes` that can make them
 * differ (filters such as LFS, `ident`, `text`/`eol` normalisation of CRLF files, working-tree encodings) are listed
 * as untrusted (their files are hashed anew); such settings for the whole checkout (user config, the root
 * `.gitattributes`, `info/attributes`) mean no seed at all.
 */
export async function seedIndex(
  checkout: string,
  repository?: Record<string, string>,
): Promise<SeedIndex | undefined> {
  const options = {
    cwd: checkout,
    check: false,
    userConfig: true,
    ...(repository ? { env: repository } : {}),
  };
  const settings = await git(['config', '--get-regexp', '^core\\.(autocrlf|eol)$'], options);
  if (/ (true|input|crlf)$/im.test(settings.stdout)) return undefined;
  const paths = await git(
    ['rev-parse', '--path-format=absolute', '--git-path', 'index', '--git-path', 'info/attributes'],
    options,
  );
  const [index, infoAttributes] = paths.stdout.trim().split('\n');
  if (paths.exitCode !== 0 || !index || !infoAttributes) return undefined;
  const converts = async (file: string) =>
    /filter|ident|encoding|crlf|eol|text/i.test(await readFile(file, 'utf8').catch(() => ''));
  if (await converts(infoAttributes)) return undefined;
  const listed = await git(['ls-files', '-z', '--', ':(glob)**/.gitattributes'], options);
  const untrusted: string[] = [];
  for (const path of listed.stdout.split('\0').filter(Boolean)) {
    if (!(await converts(nodePath.join(checkout, path)))) continue;
    const folder = nodePath.posix.dirname(path);
    if (folder === '.') return undefined;
    untrusted.push(folder);
  }
  return { index, untrusted };
}
