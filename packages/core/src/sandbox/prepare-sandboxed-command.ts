import { lstat, mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { bwrapArguments, type HiddenPath, isInside } from './bwrap-arguments.js';
import { probeSandbox } from './probe-sandbox.js';
import {
  cacheEnvironment,
  defaultCacheDirectory,
  defaultHiddenPaths,
  dependencyFolderNames,
  type SandboxNetwork,
  type SandboxOptions,
} from './sandbox-options.js';

/** What `prepareSandboxedCommand` takes. */
export type PrepareSandboxedCommandOptions = {
  /** The program and its arguments, e.g. `['/bin/bash', '-c', 'npm test']`. */
  argv: string[];
  /** Absolute working directory, inside the workspace. */
  cwd: string;
  /** The environment for the command, already scrubbed of secrets. */
  env: Record<string, string>;
  /** The workspace or worktree root: the only folder writable in `workspace-write`. */
  workspaceRoot: string;
  /** The sandbox to use; absent means `off`. */
  sandbox?: SandboxOptions | undefined;
};

/** A command ready to spawn, confined or not. */
export type PreparedCommand = {
  ready: true;
  /** The executable to spawn (bwrap when confined). */
  file: string;
  /** Its arguments. */
  args: string[];
  /** Its environment (cache variables and TMPDIR added when confined). */
  env: Record<string, string>;
  /** The mode in effect. */
  mode: SandboxOptions['mode'];
  /** The network in effect (`on` when the mode is `off`). */
  network: SandboxNetwork;
};

/** A command that must not run because the sandbox asked for is not available (fail closed). */
export type RefusedCommand = {
  ready: false;
  /** Why the sandbox is unavailable, in one line. */
  reason: string;
  /** How to fix the host, in one line. */
  fix: string;
};

/**
 * Turns a command into what to spawn: itself when the mode is `off`, or bwrap wrapping it when confined. When the
 * sandbox is asked for but bwrap cannot run on this host (probed once per process), the command is refused.
 * In `workspace-write` an absent `.wright` folder is created empty in the workspace, so that it can be bound
 * read-only and no command can plant Wright's project config.
 */
export async function prepareSandboxedCommand(
  options: PrepareSandboxedCommandOptions,
): Promise<PreparedCommand | RefusedCommand> {
  const sandbox = options.sandbox ?? { mode: 'off' };
  const [file = '', ...args] = options.argv;
  if (sandbox.mode === 'off')
    return { ready: true, file, args, env: options.env, mode: 'off', network: 'on' };
  const bwrapPath = sandbox.bwrapPath ?? 'bwrap';
  const probe = await probeSandbox(bwrapPath);
  if (!probe.available) return { ready: false, reason: probe.reason ?? 'unknown', fix: probe.fix ?? '' };
  const network = sandbox.network ?? 'off';
  const workspaceRoot = await realpath(options.workspaceRoot);
  const cacheDirectory =
    sandbox.cacheDirectory === undefined ? defaultCacheDirectory() : sandbox.cacheDirectory;
  if (cacheDirectory !== null) await mkdir(cacheDirectory, { recursive: true, mode: 0o700 });
  const writablePaths = await existingRealPaths([
    ...(cacheDirectory === null ? [] : [cacheDirectory]),
    ...(sandbox.writablePaths ?? []),
  ]);
  const home = options.env.HOME ?? homedir();
  const hidden = await hiddenPaths(sandbox.hiddenPaths ?? defaultHiddenPaths(home));
  const plan = {
    mode: sandbox.mode,
    network,
    workspaceRoot,
    cwd: await realpath(options.cwd),
    protectedPaths: sandbox.mode === 'workspace-write' ? await protectedPaths(workspaceRoot) : [],
    hiddenPaths: hidden,
    linkedFolders: await linkedDependencyFolders(workspaceRoot, hidden),
    writablePaths,
    visiblePaths: await existingRealPaths([
      home,
      ...(await worktreeGitDirectories(workspaceRoot)),
      ...(sandbox.visiblePaths ?? []),
    ]),
  };
  const env = {
    ...options.env,
    ...(cacheDirectory === null ? {} : cacheEnvironment(cacheDirectory)),
    TMPDIR: '/tmp',
  };
  return {
    ready: true,
    file: bwrapPath,
    args: [...bwrapArguments(plan), '--', file, ...args],
    env,
    mode: sandbox.mode,
    network,
  };
}

async function protectedPaths(workspaceRoot: string): Promise<string[]> {
  const wright = join(workspaceRoot, '.wright');
  if ((await lstat(wright).catch(() => undefined)) === undefined) await mkdir(wright, { recursive: true });
  const paths: string[] = [];
  for (const path of [join(workspaceRoot, '.git'), wright]) {
    const stats = await lstat(path).catch(() => undefined);
    // A symlinked .git points outside (read-only there) or inside (its target is bound as it is); bind real entries.
    if (stats !== undefined && !stats.isSymbolicLink()) paths.push(path);
  }
  return paths;
}

/**
 * A worktree's `.git` file points at its git directory inside the main repository, whose common directory holds
 * the objects and refs; git needs both. They are outside the workspace, so read-only; listed here so that they stay
 * visible when the repository is under /tmp, which the sandbox replaces.
 */
async function worktreeGitDirectories(workspaceRoot: string): Promise<string[]> {
  const pointer = await readFile(join(workspaceRoot, '.git'), 'utf8').catch(() => undefined);
  const gitDirectory = pointer === undefined ? undefined : /^gitdir: (.+)$/m.exec(pointer)?.[1]?.trim();
  if (gitDirectory === undefined) return [];
  const absolute = resolve(workspaceRoot, gitDirectory);
  const common = await readFile(join(absolute, 'commondir'), 'utf8').catch(() => undefined);
  return common === undefined ? [absolute] : [absolute, resolve(absolute, common.trim())];
}

/**
 * A worktree reads the checkout's dependencies through links the runner puts beside it
 * (`<data>/worktrees/<session>/node_modules`), found by module resolution walking up from the worktree. Those links
 * lie in Wright's data folder, which the sandbox hides, so each one's target is shown read-only at its place. Only a
 * link inside a hidden folder counts, and never one whose target is hidden or holds a hidden path.
 */
async function linkedDependencyFolders(
  workspaceRoot: string,
  hidden: readonly HiddenPath[],
): Promise<Array<{ source: string; destination: string }>> {
  const linked: Array<{ source: string; destination: string }> = [];
  for (const name of dependencyFolderNames) {
    const destination = join(dirname(workspaceRoot), name);
    if (!(await lstat(destination).catch(() => undefined))?.isSymbolicLink()) continue;
    if (!hidden.some((entry) => entry.kind === 'directory' && isInside(destination, entry.path))) continue;
    const source = await realpath(destination).catch(() => undefined);
    if (source === undefined || !(await stat(source).catch(() => undefined))?.isDirectory()) continue;
    if (hidden.some((entry) => isInside(source, entry.path) || isInside(entry.path, source))) continue;
    linked.push({ source, destination });
  }
  return linked;
}

async function hiddenPaths(paths: readonly string[]): Promise<HiddenPath[]> {
  const hidden: HiddenPath[] = [];
  for (const path of paths) {
    const stats = await stat(path).catch(() => undefined);
    if (stats === undefined) continue;
    hidden.push({ path: await realpath(path), kind: stats.isDirectory() ? 'directory' : 'file' });
  }
  return hidden;
}

async function existingRealPaths(paths: readonly string[]): Promise<string[]> {
  const real: string[] = [];
  for (const path of paths) {
    const resolved = await realpath(path).catch(() => undefined);
    if (resolved !== undefined && !real.includes(resolved)) real.push(resolved);
  }
  return real;
}
