import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { execa } from 'execa';

/** Identity for test commits, given through the environment (never global config). */
export const gitTestEnvironment = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Makes git in this test process ignore the machine's global and system config. */
export async function isolateGitConfig(directory: string): Promise<void> {
  const empty = nodePath.join(directory, 'empty-gitconfig');
  await writeFile(empty, '');
  process.env.GIT_CONFIG_GLOBAL = empty;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
}

export async function makeTemporaryDirectory(prefix = 'wright-runner-'): Promise<string> {
  return realpath(await mkdtemp(nodePath.join(os.tmpdir(), prefix)));
}

export async function removeDirectory(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

export async function runGit(cwd: string, args: string[], input?: string): Promise<string> {
  const result = await execa('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: gitTestEnvironment,
    ...(input !== undefined ? { input } : {}),
  });
  return result.stdout;
}

/** Writes files (string or bytes) under a directory, creating parents. */
export async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const absolute = nodePath.join(root, path);
    await mkdir(nodePath.dirname(absolute), { recursive: true });
    await writeFile(absolute, content);
  }
}

/** A new repository with `files` committed on `main`. */
export async function makeRepository(
  parent: string,
  files: Record<string, string | Uint8Array>,
  name = 'repo',
): Promise<string> {
  const root = nodePath.join(parent, name);
  await mkdir(root, { recursive: true });
  await runGit(root, ['init', '-q']);
  await writeFiles(root, files);
  await runGit(root, ['add', '-A']);
  await runGit(root, ['commit', '-q', '-m', 'initial']);
  return root;
}

/** Every file under `root` (skipping `.git`) as path -> sha256 of bytes plus mode, for exact comparisons. */
export async function fileState(root: string, skip: string[] = ['.git']): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  const walk = async (directory: string) => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const absolute = nodePath.join(directory, entry.name);
      const relative = nodePath.relative(root, absolute).split(nodePath.sep).join('/');
      if (skip.includes(relative) || entry.name === '.git') continue;
      if (entry.isDirectory()) await walk(absolute);
      else {
        const info = await lstat(absolute);
        const hash = createHash('sha256')
          .update(await readFile(absolute))
          .digest('hex');
        state[relative] = `${hash} ${(info.mode & 0o777).toString(8)}`;
      }
    }
  };
  await walk(root);
  return state;
}

/** What must not change in a user's repository: index bytes, staged diff, HEAD, branch, stash. */
export async function repositoryState(root: string) {
  const indexBytes = await readFile(nodePath.join(root, '.git', 'index'));
  return {
    index: createHash('sha256').update(indexBytes).digest('hex'),
    staged: await runGit(root, ['--no-optional-locks', 'diff', '--cached', '--binary']),
    head: await runGit(root, ['rev-parse', 'HEAD']),
    symbolicHead: await runGit(root, ['symbolic-ref', 'HEAD']),
    stash: await runGit(root, ['stash', 'list']),
  };
}

export async function makeExecutable(path: string): Promise<void> {
  await chmod(path, 0o755);
}
