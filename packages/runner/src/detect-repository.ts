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

/**
 * The index of a checkout, when its stat cache can seed Wright's snapshots: only when no attribute or setting
 * can make the checked-out bytes differ from the indexed blobs (filters such as LFS, `ident`, `text`/`eol`
 * normalisation of CRLF files, working-tree encodings), since a seeded entry is trusted by its stat data alone.
 */
export async function stableIndex(
  checkout: string,
  repository?: Record<string, string>,
): Promise<string | undefined> {
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
  const listed = await git(['ls-files', '-z', '--', ':(glob)**/.gitattributes'], options);
  const files = [
    infoAttributes,
    ...listed.stdout
      .split('\0')
      .filter(Boolean)
      .map((path) => nodePath.join(checkout, path)),
  ];
  for (const file of files.slice(0, 500)) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (/filter|ident|encoding|crlf|eol|text/i.test(text)) return undefined;
  }
  return files.length > 500 ? undefined : index;
}
