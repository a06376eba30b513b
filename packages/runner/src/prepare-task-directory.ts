import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import { git } from './git.js';
import type { TaskSpec } from './read-tasks-file.js';

// Transports a tasks file may name: `ext::` and friends run arbitrary commands, so they are never allowed.
const allowedProtocols = 'file:git:http:https:ssh';

/**
 * The folder a task works in. A task with `repo` gets a clone under `<dataDirectory>/clones/`, one per repository
 * and ref, made once and never changed afterwards (each attempt then works in its own worktree of it, so a retried
 * attempt starts from the same clean state). Clones are made in a temporary folder and renamed into place, so two
 * workers sharing a data directory never see a half-made clone.
 */
export async function prepareTaskDirectory(task: TaskSpec, dataDirectory: string): Promise<string> {
  if (task.repo === undefined) return task.cwd;
  const key = createHash('sha256')
    .update(`${task.repo}\0${task.ref ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  const clonesDirectory = nodePath.join(dataDirectory, 'clones');
  const clone = nodePath.join(clonesDirectory, key);
  const inside = nodePath.resolve(clone, task.cwd);
  if (inside !== clone && !inside.startsWith(`${clone}${nodePath.sep}`)) {
    throw wrightError(
      'invalid-options',
      `Task ${task.id}: cwd "${task.cwd}" leaves the clone of ${task.repo}.`,
    );
  }
  if (await exists(clone)) return inside;
  await mkdir(clonesDirectory, { recursive: true });
  const temporary = `${clone}.${randomUUID()}.partial`;
  try {
    const environment = { GIT_ALLOW_PROTOCOL: allowedProtocols };
    const cloned = await git(['clone', '--quiet', '--no-recurse-submodules', '--', task.repo, temporary], {
      cwd: clonesDirectory,
      env: environment,
      check: false,
    });
    if (cloned.exitCode !== 0) {
      throw wrightError(
        'workspace',
        `Task ${task.id}: cannot clone ${task.repo}: ${cloned.stderr.trim().split('\n').at(-1) ?? ''}`,
      );
    }
    if (task.ref !== undefined) {
      const checkedOut = await git(['checkout', '--quiet', '--detach', task.ref, '--'], {
        cwd: temporary,
        check: false,
      });
      if (checkedOut.exitCode !== 0) {
        throw wrightError('workspace', `Task ${task.id}: ${task.repo} has no ref "${task.ref}".`);
      }
    }
    await rename(temporary, clone).catch(async (error: NodeJS.ErrnoException) => {
      // Another worker finished the same clone first: use theirs.
      if (!(await exists(clone))) throw error;
    });
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  if (!(await exists(inside))) {
    throw wrightError('invalid-options', `Task ${task.id}: ${task.repo} has no folder "${task.cwd}".`);
  }
  return inside;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
