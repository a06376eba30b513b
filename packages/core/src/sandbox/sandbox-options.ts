import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The sandbox modes `--sandbox` and `sandbox.mode` accept. */
export const sandboxModes = ['read-only', 'workspace-write', 'off'] as const;

/**
 * How commands run for the model are confined: `read-only` (nothing writable but a private /tmp and the tool cache),
 * `workspace-write` (the workspace too, its `.git` and `.wright` excepted) or `off` (the user's full rights).
 */
export type SandboxMode = (typeof sandboxModes)[number];

/** Network inside a confined mode: `off` (a fresh network namespace with only loopback) or `on` (the host's). */
export type SandboxNetwork = 'on' | 'off';

/** What every command runner (shell tool, background shell, check, `wright sandbox`) takes to confine a command. */
export type SandboxOptions = {
  /** The mode. */
  mode: SandboxMode;
  /** Network in a confined mode; default `off`. Ignored when `mode` is `off`. */
  network?: SandboxNetwork;
  /** The bwrap executable: a path, or a name looked up on PATH; default `bwrap`. */
  bwrapPath?: string;
  /**
   * Absolute paths hidden from commands: a directory shows up empty, a file reads as empty, neither can be written.
   * Paths that do not exist are skipped. Default `defaultHiddenPaths()`.
   */
  hiddenPaths?: string[];
  /** Extra absolute paths writable inside a confined mode (existing ones only); default none. */
  writablePaths?: string[];
  /**
   * Extra absolute paths kept readable inside a confined mode. Everything outside /tmp is readable anyway; this
   * matters for paths under /tmp, which the sandbox replaces with a fresh one (e.g. a program installed there).
   */
  visiblePaths?: string[];
  /**
   * Host folder for tool caches (Go build cache, npm cache, Python bytecode, XDG cache), writable inside; the
   * matching environment variables point into it. Default `defaultCacheDirectory()`; `null` for none.
   */
  cacheDirectory?: string | null;
};

/**
 * Dependency folders a worktree reads from the user's checkout, through a link beside the worktree that module
 * resolution finds by walking up (the runner makes the links; the sandbox shows them).
 */
export const dependencyFolderNames = ['node_modules'] as const;

/** Credential stores hidden from sandboxed commands by default, relative to the home directory. */
export const defaultHiddenHomePaths = [
  '.ssh',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.config/gh',
  '.kube',
  '.docker',
  '.gnupg',
  '.netrc',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  '.cargo/credentials',
  '.cargo/credentials.toml',
] as const;

/**
 * The default hidden paths: the credential stores under `home`, plus any extra absolute paths (the CLI adds
 * Wright's own data and config folders).
 */
export function defaultHiddenPaths(home: string = homedir(), extra: readonly string[] = []): string[] {
  return [...defaultHiddenHomePaths.map((path) => join(home, path)), ...extra];
}

/** The default tool-cache folder: one per user under the OS temp folder, shared by every sandboxed command. */
export function defaultCacheDirectory(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return join(tmpdir(), `wright-sandbox-cache-${user}`);
}

/** Environment variables pointing tool caches into `cacheDirectory`, so toolchains work with HOME read-only. */
export function cacheEnvironment(cacheDirectory: string): Record<string, string> {
  return {
    XDG_CACHE_HOME: join(cacheDirectory, 'xdg'),
    GOCACHE: join(cacheDirectory, 'go-build'),
    npm_config_cache: join(cacheDirectory, 'npm'),
    PYTHONPYCACHEPREFIX: join(cacheDirectory, 'pycache'),
    PIP_CACHE_DIR: join(cacheDirectory, 'pip'),
    YARN_CACHE_FOLDER: join(cacheDirectory, 'yarn'),
  };
}
