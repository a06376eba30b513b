import { spawnSync } from 'node:child_process';

/** git with no user or system config, so every machine produces the same diffs and applies the same way. */
export const gitEnvironment = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

/** Runs git synchronously; returns { status, stdout, stderr } (stdout as a string unless `binary`). */
export function git(args, { cwd, input, binary = false } = {}) {
  const result = spawnSync('git', args, {
    cwd,
    input,
    env: gitEnvironment,
    encoding: binary ? 'buffer' : 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: String(result.stderr) };
}

/** `git diff --no-index` between two paths (exit 1 means "differs", which is the point). */
export function diffNoIndex(oldPath, newPath, cwd) {
  const result = git(
    ['diff', '--no-index', '--no-renames', '--no-color', '--no-ext-diff', oldPath, newPath],
    { cwd },
  );
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`git diff --no-index failed: ${result.stderr}`);
  return result.stdout;
}
