import { access, mkdir, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import { withFileLock } from './file-lock.js';
import { git, splitNul } from './git.js';

const initialized = new Map<string, Promise<void>>();

/**
 * Creates the bare shadow repository once. Concurrent sessions (and processes) of a project share it, so creation
 * happens under a lock file next to it: two first runs in one directory never race inside `git init`.
 */
export function ensureRepository(gitDirectory: string): Promise<void> {
  let pending = initialized.get(gitDirectory);
  if (!pending) {
    pending = initRepository(gitDirectory);
    initialized.set(gitDirectory, pending);
    pending.catch(() => initialized.delete(gitDirectory));
  }
  return pending;
}

async function initRepository(gitDirectory: string): Promise<void> {
  const attributes = nodePath.join(gitDirectory, 'info', 'attributes');
  const ready = () =>
    access(attributes).then(
      () => true,
      () => false,
    );
  if (await ready()) return;
  await mkdir(nodePath.dirname(gitDirectory), { recursive: true });
  await withFileLock(`${gitDirectory}.lock`, async () => {
    if (await ready()) return;
    await mkdir(gitDirectory, { recursive: true });
    const result = await git(['init', '--bare', '-q', '--object-format=sha1', gitDirectory], {
      cwd: gitDirectory,
      check: false,
    });
    if (result.exitCode !== 0) {
      throw wrightError(
        'workspace',
        `Could not create the snapshot repository ${gitDirectory}: ${result.stderr.trim()}`,
      );
    }
    await mkdir(nodePath.join(gitDirectory, 'info'), { recursive: true });
    // Highest-precedence attributes: no eol conversion or filters, so snapshots keep the exact bytes. Written
    // last: its presence marks the repository as ready.
    await writeFile(attributes, '* -text -filter -ident -working-tree-encoding\n');
  });
}

/**
 * The user's object directory, when the shadow store may borrow from it (a git repository with sha1 objects, as
 * the shadow repository uses). Borrowing is read-only: git alternates never write into the borrowed directory.
 */
export async function borrowableObjects(repoRoot: string): Promise<string | undefined> {
  const result = await git(['rev-parse', '--git-common-dir', '--show-object-format'], {
    cwd: repoRoot,
    check: false,
    userConfig: true,
  });
  if (result.exitCode !== 0) return undefined;
  const [commonDirectory, format] = result.stdout.trim().split('\n');
  if (!commonDirectory || format !== 'sha1') return undefined;
  return nodePath.join(nodePath.resolve(repoRoot, commonDirectory), 'objects');
}

/** `GIT_ALTERNATE_OBJECT_DIRECTORIES` for one borrowed directory (C-quoted when it holds a separator). */
export function alternatesEnvironment(objects: string | undefined): Record<string, string> {
  if (objects === undefined) return {};
  const value = /[:"\\]/.test(objects) ? JSON.stringify(objects) : objects;
  return { GIT_ALTERNATE_OBJECT_DIRECTORIES: value };
}

/**
 * Copies into the shadow store every object of `objectIds` that it only borrows, so a checkpoint stays restorable
 * after the user's `git gc --prune=now`, a history rewrite or deleted objects. Objects are checked without the
 * alternates (so borrowed ones show as missing) and the missing ones are packed from the borrowed store.
 */
export async function copyBorrowedObjects(options: {
  gitDirectory: string;
  borrowedObjects: string | undefined;
  objectIds: Iterable<string>;
}): Promise<number> {
  const { gitDirectory, borrowedObjects } = options;
  if (borrowedObjects === undefined) return 0;
  const ids = [...new Set(options.objectIds)];
  if (ids.length === 0) return 0;
  const env = { GIT_DIR: gitDirectory };
  const check = await git(['cat-file', '--batch-check=%(objectname)'], {
    cwd: gitDirectory,
    env,
    input: `${ids.join('\n')}\n`,
  });
  const missing = check.stdout
    .split('\n')
    .filter((line) => line.endsWith(' missing'))
    .map((line) => line.split(' ')[0]!);
  if (missing.length === 0) return 0;
  await git(['pack-objects', '-q', nodePath.join(gitDirectory, 'objects', 'pack', 'pack')], {
    cwd: gitDirectory,
    env: { ...env, ...alternatesEnvironment(borrowedObjects) },
    input: `${missing.join('\n')}\n`,
  });
  return missing.length;
}

/** Every tree object of `tree`, itself included. */
export async function treeObjects(
  gitDirectory: string,
  borrowedObjects: string | undefined,
  tree: string,
): Promise<string[]> {
  const output = await git(['ls-tree', '-r', '-t', '-d', '-z', '--format=%(objectname)', tree], {
    cwd: gitDirectory,
    env: { GIT_DIR: gitDirectory, ...alternatesEnvironment(borrowedObjects) },
  });
  return [tree, ...splitNul(output.stdout)];
}
