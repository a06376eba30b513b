import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rm,
  rmdir,
  stat,
  symlink,
  unlink,
} from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import { dependencyFolderNames } from '@wright/core/internal';
import { git } from './git.js';

/** `GIT_DIR` and `GIT_WORK_TREE` naming a checkout's repository explicitly, so git never discovers it. */
export type CheckoutGit = { GIT_DIR: string; GIT_WORK_TREE: string };

/** A session's isolated checkout. */
export type SessionWorktree = {
  /** Absolute path of the worktree. */
  path: string;
  /** `wright/<session>`. */
  branch: string;
  /** The commit it starts from: HEAD, plus one commit holding the user's uncommitted work when there was any. */
  baseCommit: string;
};

/**
 * Creates `<dataDirectory>/worktrees/<session>/<checkout name>` on a new branch `wright/<session>`: the folder has
 * the checkout's own name, since build files derive names from it (a CMake project named after its directory). The
 * worktree starts from the
 * user's current files, not just HEAD: uncommitted (staged, unstaged and untracked, not ignored) work is captured
 * through a temporary copy of the index into a base commit on top of HEAD. The user's index, HEAD and stash are
 * not touched.
 */
export async function createSessionWorktree(options: {
  repoRoot: string;
  sessionId: string;
  dataDirectory: string;
  sessionDirectory: string;
}): Promise<SessionWorktree> {
  const { repoRoot, sessionId } = options;
  const branch = `wright/${sessionId}`;
  const path = nodePath.join(
    nodePath.resolve(options.dataDirectory),
    'worktrees',
    sessionId,
    nodePath.basename(repoRoot) || 'checkout',
  );
  const dataDirectory = nodePath.resolve(options.dataDirectory);
  const baseCommit = await captureWorkingState(repoRoot, options.sessionDirectory, sessionId, dataDirectory);
  await mkdir(nodePath.dirname(path), { recursive: true });
  await git(['worktree', 'add', '-q', '-b', branch, path, baseCommit], { cwd: repoRoot, userConfig: true });
  await linkCheckoutDependencies(repoRoot, path);
  return { path, branch, baseCommit };
}

/**
 * Ignored files are not carried into a worktree, so a project's installed dependencies would be missing there. The
 * checkout's `node_modules` is linked beside the worktree (`worktrees/<session>/node_modules`), outside it, where
 * Node's and TypeScript's module resolution find it by walking up, and git never sees it. Commands in the sandbox
 * see it read-only. A project whose worktree has its own (a tracked `node_modules`) gets no link.
 */
async function linkCheckoutDependencies(repoRoot: string, worktreePath: string): Promise<void> {
  for (const name of dependencyFolderNames) {
    const source = nodePath.join(repoRoot, name);
    if (!(await stat(source).catch(() => undefined))?.isDirectory()) continue;
    if ((await lstat(nodePath.join(worktreePath, name)).catch(() => undefined)) !== undefined) continue;
    // A convenience: a link that cannot be made leaves the worktree as git made it, never fails the session.
    await symlink(await realpath(source), nodePath.join(nodePath.dirname(worktreePath), name), 'dir').catch(
      () => undefined,
    );
  }
}

/** Removes the worktree (and, unless kept, its branch). */
export async function removeSessionWorktree(options: {
  repoRoot: string;
  worktree: Pick<SessionWorktree, 'path' | 'branch'>;
  keepBranch?: boolean;
}): Promise<void> {
  const { repoRoot, worktree } = options;
  await git(['worktree', 'remove', '--force', worktree.path], {
    cwd: repoRoot,
    check: false,
    userConfig: true,
  });
  await rm(worktree.path, { recursive: true, force: true });
  // The links to the checkout's dependencies beside it (the links only, never what they point to).
  for (const name of dependencyFolderNames) {
    const link = nodePath.join(nodePath.dirname(worktree.path), name);
    if ((await lstat(link).catch(() => undefined))?.isSymbolicLink()) await unlink(link);
  }
  // The per-session folder around it (`worktrees/<session>/`), once empty.
  await rmdir(nodePath.dirname(worktree.path)).catch(() => undefined);
  await git(['worktree', 'prune'], { cwd: repoRoot, check: false, userConfig: true });
  if (!options.keepBranch) {
    await git(['branch', '-D', '-q', worktree.branch], { cwd: repoRoot, check: false, userConfig: true });
  }
}

/**
 * The repository of a session's worktree, found from the user's repository (the worktree's entry under
 * `<common dir>/worktrees/` whose `gitdir` names this worktree), never from the worktree's own `.git` file:
 * anything running in the worktree can rewrite that file to point at a repository whose config runs programs.
 */
export async function worktreeGit(repoRoot: string, worktree: string): Promise<CheckoutGit> {
  const common = await git(['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: repoRoot,
    userConfig: true,
  });
  const administrative = nodePath.join(common.stdout.trim(), 'worktrees');
  const workTree = await realpath(worktree);
  for (const name of await readdir(administrative).catch(() => [] as string[])) {
    const pointer = await readFile(nodePath.join(administrative, name, 'gitdir'), 'utf8').catch(() => '');
    if (pointer.trim() === '') continue;
    const named = await realpath(nodePath.dirname(pointer.trim())).catch(() => undefined);
    if (named === workTree) return { GIT_DIR: nodePath.join(administrative, name), GIT_WORK_TREE: workTree };
  }
  throw wrightError('workspace', `${repoRoot} has no worktree entry for ${workTree}.`, {
    hint: 'Run `git worktree repair` in the repository, or start a new session.',
  });
}

async function captureWorkingState(
  repoRoot: string,
  scratchDirectory: string,
  sessionId: string,
  dataDirectory: string,
): Promise<string> {
  const head = await git(['rev-parse', '--verify', '-q', 'HEAD'], {
    cwd: repoRoot,
    check: false,
    userConfig: true,
  });
  const headCommit = head.exitCode === 0 ? head.stdout.trim() : undefined;
  const tree = await workingTree(repoRoot, scratchDirectory, 'base', dataDirectory);
  if (headCommit) {
    const headTree = (await git(['rev-parse', `${headCommit}^{tree}`], { cwd: repoRoot })).stdout.trim();
    if (headTree === tree) return headCommit;
  }
  const message = `wright: uncommitted work at the start of session ${sessionId}\n`;
  const parent = headCommit ? ['-p', headCommit] : [];
  return (await git(['commit-tree', tree, ...parent], { cwd: repoRoot, input: message })).stdout.trim();
}

/** Writes the tree of a checkout's current files via a throwaway copy of its index. */
async function workingTree(
  checkout: string,
  scratchDirectory: string,
  name: string,
  dataDirectory?: string,
): Promise<string> {
  await mkdir(scratchDirectory, { recursive: true });
  const indexFile = nodePath.join(scratchDirectory, `${name}.index`);
  await rm(indexFile, { force: true });
  const indexPath = (
    await git(['rev-parse', '--git-path', 'index'], { cwd: checkout, userConfig: true })
  ).stdout.trim();
  // Starting from a copy keeps git's stat cache, so only changed files are hashed.
  await copyFile(nodePath.resolve(checkout, indexPath), indexFile).catch(() => undefined);
  const env = { GIT_INDEX_FILE: indexFile };
  try {
    // Wright's own data (sessions, other worktrees) is never part of the user's work.
    const relative = dataDirectory ? nodePath.relative(checkout, dataDirectory) : '..';
    const inside = relative !== '' && !relative.startsWith('..') && !nodePath.isAbsolute(relative);
    const exclude = inside ? [`:(exclude,literal)${relative.split(nodePath.sep).join('/')}`] : [];
    await git(['add', '-A', '--ignore-errors', '--', '.', ...exclude], {
      cwd: checkout,
      env,
      userConfig: true,
    });
    return (await git(['write-tree'], { cwd: checkout, env, userConfig: true })).stdout.trim();
  } finally {
    await rm(indexFile, { force: true });
    await rm(`${indexFile}.lock`, { force: true });
  }
}
