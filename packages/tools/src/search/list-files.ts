import { createGitignoreFilter, createIgnoringReaddir } from './gitignore-filter.js';

/** Options for `listFiles`. */
export type ListFilesOptions = {
  /** fast-glob patterns relative to the root. Default all files. */
  patterns?: string[];
  /** Match patterns case-insensitively. */
  caseInsensitive?: boolean;
};

/**
 * Lists regular files under `root` (relative, '/'-separated, sorted), skipping whatever `.gitignore` files ignore
 * (nested ones too), `.git/`, and symlinks. Hidden files are included.
 */
export async function listFiles(root: string, options: ListFilesOptions = {}): Promise<string[]> {
  const filter = createGitignoreFilter(root);
  const fastGlob = (await import('fast-glob')).default;
  const files = await fastGlob(options.patterns ?? ['**/*'], {
    cwd: root,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    caseSensitiveMatch: !options.caseInsensitive,
    suppressErrors: true,
    fs: { readdir: createIgnoringReaddir(root, filter) as never },
  });
  // A pattern naming an ignored file directly can bypass readdir filtering; check each result too.
  const kept: string[] = [];
  for (const file of files) if (!(await filter.isIgnored(file, false))) kept.push(file);
  return kept.sort(comparePaths);
}

/** Orders paths by UTF-16 code units, the same on every platform and locale. */
export function comparePaths(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
