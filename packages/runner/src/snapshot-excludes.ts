import { readFile } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { git } from './git.js';

/**
 * The ignore patterns a snapshot honours besides the work tree's own `.gitignore` files (which git reads by
 * itself): the user's `info/exclude` and global excludes file (a shadow repository would not see them), the
 * configured globs, and the data directory when it sits inside the work tree.
 */
export async function collectExcludePatterns(options: {
  /** The user's repository root, when the workspace is in one. */
  repoRoot?: string;
  /** The directory being snapshotted. */
  workTree: string;
  /** Wright's data directory (left out when inside the work tree). */
  dataDirectory: string;
  /** Configured gitignore-style patterns. */
  exclude: string[];
}): Promise<string[]> {
  const patterns: string[] = [];
  const globalFile = await globalExcludesFile(options.repoRoot ?? options.workTree);
  if (globalFile) patterns.push(...(await readLines(globalFile)));
  if (options.repoRoot) {
    const result = await git(['rev-parse', '--git-path', 'info/exclude'], {
      cwd: options.repoRoot,
      check: false,
      userConfig: true,
    });
    const infoExclude = result.stdout.trim();
    if (result.exitCode === 0 && infoExclude) {
      patterns.push(...(await readLines(nodePath.resolve(options.repoRoot, infoExclude))));
    }
  }
  patterns.push(...options.exclude);
  const dataRelative = nodePath.relative(options.workTree, nodePath.resolve(options.dataDirectory));
  if (dataRelative && !dataRelative.startsWith('..') && !nodePath.isAbsolute(dataRelative)) {
    patterns.push(literalPattern(dataRelative.split(nodePath.sep).join('/')));
  }
  return patterns;
}

/** A gitignore pattern matching exactly one path (anchored, wildcards escaped). */
export function literalPattern(path: string): string {
  return `/${path.replace(/[\\*?[\]!#]/g, (character) => `\\${character}`).replace(/ $/, '\\ ')}`;
}

async function globalExcludesFile(cwd: string): Promise<string | undefined> {
  const result = await git(['config', '--path', '--get', 'core.excludesFile'], {
    cwd,
    check: false,
    userConfig: true,
  });
  if (result.exitCode === 0 && result.stdout.trim()) return result.stdout.trim();
  const base = process.env.XDG_CONFIG_HOME || nodePath.join(os.homedir(), '.config');
  return nodePath.join(base, 'git', 'ignore');
}

async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
}
