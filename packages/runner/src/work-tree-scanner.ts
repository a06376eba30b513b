import { copyFile, lstat, rm, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import type { SeedIndex } from './detect-repository.js';
import { git, splitNul } from './git.js';
import { alternatesEnvironment } from './shadow-repository.js';

/** The stat-cached view of a whole work tree that checkpoints and command tracking compare against. */
export type WorkTreeScanner = {
  /** The scanner's own index (`<sessionDirectory>/snapshot.index`). */
  readonly indexFile: string;
  /**
   * Updates the index from the files (only files whose stat data changed are hashed, untracked files are
   * listed, ignored and large ones left out) and returns its tree.
   */
  scan(): Promise<string>;
  /** The paths of `paths` a snapshot holds: not ignored (by `index`'s view) and not larger than the limit. */
  keepSnapshotted(paths: string[], index: string): Promise<string[]>;
};

/**
 * Creates the scanner of a session. Its index starts as a copy of `seedIndex` (the user's index) when given, so the
 * first scan costs a `git status` (stat data reused, unchanged blobs borrowed), not a rehash of every file.
 */
export function createWorkTreeScanner(options: {
  gitDirectory: string;
  workTree: string;
  sessionDirectory: string;
  maxFileBytes: number;
  excludePatterns: string[];
  borrowedObjects?: string;
  /** Finds the seed (called once, by the first scan, in the background). */
  seedIndex?: () => Promise<SeedIndex | undefined>;
}): WorkTreeScanner {
  const { gitDirectory, workTree } = options;
  const indexFile = nodePath.join(options.sessionDirectory, 'snapshot.index');
  const excludeFile = nodePath.join(options.sessionDirectory, 'snapshot.exclude');
  let prepared: Promise<void> | undefined;
  // The tree of the last scan, and the index file's state right after it: a scan that finds nothing reuses it.
  let last: { tree: string; stamp: string } | undefined;
  const stamp = async () => {
    const info = await lstat(indexFile).catch(() => undefined);
    return info ? `${info.size} ${info.mtimeMs} ${info.ino}` : '';
  };
  const run = (args: string[], extra: { input?: string; index?: string; check?: boolean } = {}) =>
    git(['-c', `core.excludesFile=${excludeFile}`, '--literal-pathspecs', ...args], {
      cwd: workTree,
      env: {
        GIT_DIR: gitDirectory,
        GIT_WORK_TREE: workTree,
        GIT_INDEX_FILE: extra.index ?? indexFile,
        ...alternatesEnvironment(options.borrowedObjects),
      },
      ...(extra.input !== undefined ? { input: extra.input } : {}),
      ...(extra.check === false ? { check: false } : {}),
    });

  const prepare = async () => {
    await writeFile(excludeFile, options.excludePatterns.map((pattern) => `${pattern}\n`).join(''));
    const exists = await lstat(indexFile).then(
      () => true,
      () => false,
    );
    const seed = exists ? undefined : await options.seedIndex?.();
    if (seed === undefined) return;
    await copyFile(seed.index, indexFile).catch(() => undefined);
    // An index git cannot use here (split index, unknown extension) is dropped: the first scan then hashes all.
    // Reading it is the test (a pathspec that matches nothing, so nothing is listed or stat'ed).
    const probe = await run(['ls-files', '-z', '--', '.wright-probe/.none'], { check: false });
    if (probe.exitCode !== 0) await rm(indexFile, { force: true });
    const { untrusted } = seed;
    if (probe.exitCode !== 0 || untrusted.length === 0) return;
    // Entries under folders whose attributes may convert content are dropped, so the scan hashes those files.
    const listed = await run(['ls-files', '-z', '--', ...untrusted.map((folder) => `${folder}/`)]);
    if (listed.stdout !== '') {
      await run(['update-index', '--force-remove', '-z', '--stdin'], { input: listed.stdout });
    }
  };

  const large = async (paths: string[]) => {
    const found = new Set<string>();
    for (const path of paths) {
      const info = await lstat(nodePath.join(workTree, path)).catch(() => undefined);
      if ((info?.isFile() && info.size > options.maxFileBytes) || info?.isDirectory()) found.add(path);
    }
    return found;
  };

  return {
    indexFile,
    async scan() {
      prepared ??= prepare();
      await prepared;
      await rm(`${indexFile}.lock`, { force: true });
      // One pass over the work tree, as `git status` makes: files whose stat data differ from the index (hashed
      // below, which also refreshes their stat data), deleted ones and untracked ones. No separate refresh pass: a
      // file whose stat changed but not its content is listed, hashed, and its entry stays the same.
      const listed = splitNul(
        (await run(['ls-files', '-z', '--modified', '--deleted', '--others', '--exclude-standard'])).stdout,
      );
      // Nested repositories are listed as `dir/`: they are not snapshotted.
      const candidates = [...new Set(listed)].filter((path) => !path.endsWith('/'));
      const tooLarge = await large(candidates);
      const kept = candidates.filter((path) => !tooLarge.has(path));
      if (kept.length === 0 && last !== undefined && last.stamp === (await stamp())) return last.tree;
      if (kept.length > 0) {
        await run(['update-index', '--add', '--remove', '--replace', '-z', '--stdin'], {
          input: `${kept.join('\0')}\0`,
        });
      }
      const tree = (await run(['write-tree'])).stdout.trim();
      last = { tree, stamp: await stamp() };
      return tree;
    },
    async keepSnapshotted(paths, index) {
      prepared ??= prepare();
      await prepared;
      const unique = [...new Set(paths)].filter((path) => path !== '' && !path.endsWith('/'));
      if (unique.length === 0) return [];
      const ignored = await run(['check-ignore', '-z', '--stdin'], {
        input: `${unique.join('\0')}\0`,
        index,
        check: false,
      });
      const skip = new Set(splitNul(ignored.stdout));
      for (const path of await large(unique)) skip.add(path);
      return unique.filter((path) => !skip.has(path));
    },
  };
}
