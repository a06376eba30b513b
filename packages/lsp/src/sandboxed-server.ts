import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import type { SandboxOptions } from '@wright/core';
import { prepareSandboxedCommand } from '@wright/core/internal';
import type { SpawnServer } from './server-connection.js';
import { serverFolders } from './server-folders.js';

/** What `spawnSandboxedServer` takes. */
export type SandboxedServerOptions = {
  /** The environment of every server, already scrubbed of secrets (`childEnvironment().env`). */
  env: Record<string, string>;
  /**
   * The run's sandbox (the one shell commands run in). Its bwrap and hidden paths are used; a server always gets
   * the workspace read-only, no network and only its own cache folder writable. `off` or absent: a plain process.
   */
  sandbox: SandboxOptions | undefined;
  /** The folder servers may write (caches); default `defaultServerCacheDirectory()`. */
  cacheDirectory?: string;
};

/** The default cache folder of language servers: one per user under the OS temp folder, apart from the shell's. */
export function defaultServerCacheDirectory(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return nodePath.join(tmpdir(), `wright-lsp-cache-${user}`);
}

/**
 * Starts language servers the way shell commands run: inside bubblewrap when the run's sandbox is on. A server
 * reads the whole file system but the hidden credential stores and the host's /tmp (it gets a fresh one, where only
 * the folders of its command and of its absolute path arguments stay visible, read-only), writes nothing but its
 * private cache folder and that fresh /tmp, and has no network. TypeScript loads `compilerOptions.plugins` from the
 * project, and a project can name its own server binaries: both are contained like any command the model runs.
 * When the sandbox is asked for but unavailable the server is refused (the promise rejects with the reason), as a
 * shell command is.
 */
export function spawnSandboxedServer(options: SandboxedServerOptions): SpawnServer {
  const sandbox = options.sandbox;
  if (sandbox === undefined || sandbox.mode === 'off')
    return (launch, root) =>
      spawn(launch.command, launch.args, { cwd: root, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const cacheDirectory = options.cacheDirectory ?? defaultServerCacheDirectory();
  return async (launch, root) => {
    await mkdir(cacheDirectory, { recursive: true, mode: 0o700 });
    const prepared = await prepareSandboxedCommand({
      argv: [launch.command, ...launch.args],
      cwd: root,
      workspaceRoot: root,
      // rust-analyzer's `cargo check` writes build output; the workspace is read-only, so it goes to the cache.
      env: { ...options.env, CARGO_TARGET_DIR: nodePath.join(cacheDirectory, 'cargo-target') },
      sandbox: {
        mode: 'read-only',
        network: 'off',
        cacheDirectory,
        writablePaths: [],
        // The sandbox replaces /tmp: a server installed there (or a project cloned there) must still see its code.
        visiblePaths: [
          ...(launch.readablePaths ?? []),
          ...(await serverFolders(launch, root, options.env.PATH ?? '')),
        ],
        ...(sandbox.hiddenPaths === undefined ? {} : { hiddenPaths: sandbox.hiddenPaths }),
        ...(sandbox.bwrapPath === undefined ? {} : { bwrapPath: sandbox.bwrapPath }),
      },
    });
    if (!prepared.ready) throw new Error(`the sandbox is unavailable: ${prepared.reason} (${prepared.fix})`);
    return spawn(prepared.file, prepared.args, {
      cwd: root,
      env: prepared.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  };
}
