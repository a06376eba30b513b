import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Decides, like git, whether a path is ignored by the `.gitignore` files between the root and it. */
export type GitignoreFilter = {
  /** True when `relativePath` (from the root, '/'-separated) is ignored; `.git` is always ignored. */
  isIgnored(relativePath: string, isDirectory: boolean): Promise<boolean>;
};

/** Creates a filter reading `.gitignore` files lazily (each one once) from `root` and every directory below. */
export function createGitignoreFilter(root: string): GitignoreFilter {
  const rules = new Map<string, Promise<Ignore | undefined>>();
  const rulesOf = (directory: string) => {
    let loaded = rules.get(directory);
    if (!loaded) {
      loaded = readFile(nodePath.join(root, directory, '.gitignore'), 'utf8').then(
        (text) => ignore().add(text),
        () => undefined,
      );
      rules.set(directory, loaded);
    }
    return loaded;
  };
  return {
    async isIgnored(relativePath, isDirectory) {
      const parts = relativePath.split('/');
      if (parts.includes('.git')) return true;
      let ignored = false;
      // Deeper .gitignore files override shallower ones; the last rule that matches decides.
      for (let depth = 0; depth < parts.length; depth++) {
        const rulesHere = await rulesOf(parts.slice(0, depth).join('/'));
        if (!rulesHere) continue;
        const below = parts.slice(depth).join('/') + (isDirectory ? '/' : '');
        const verdict = rulesHere.test(below);
        if (verdict.ignored) ignored = true;
        else if (verdict.unignored) ignored = false;
      }
      return ignored;
    },
  };
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries?: Dirent[]) => void;

/**
 * A `readdir` for fast-glob's `fs` option that hides ignored entries, so ignored directories (node_modules, build
 * output) are never walked at all.
 */
export function createIgnoringReaddir(root: string, filter: GitignoreFilter) {
  return (directory: string, _options: unknown, callback: ReaddirCallback) => {
    const relativeDirectory = nodePath
      .relative(root, nodePath.resolve(root, directory))
      .split(nodePath.sep)
      .join('/');
    readdir(directory, { withFileTypes: true })
      .then(async (entries) => {
        const kept: Dirent[] = [];
        for (const entry of entries) {
          const relative = relativeDirectory ? `${relativeDirectory}/${entry.name}` : entry.name;
          if (!(await filter.isIgnored(relative, entry.isDirectory()))) kept.push(entry);
        }
        callback(null, kept);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error));
  };
}
