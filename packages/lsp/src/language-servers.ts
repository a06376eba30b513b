import { execFile } from 'node:child_process';
import { access, constants, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import nodePath from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { documentDiagnostics } from './document-diagnostics.js';
import { type ServerRequest, typescriptDiagnostics } from './typescript-diagnostics.js';

/** How to start one language server for a workspace root. */
export type ServerLaunch = {
  command: string;
  args: string[];
  /** Sent as `initializationOptions`. */
  initializationOptions?: unknown;
  /**
   * Folders the server reads its own code from, kept visible inside the sandbox (which replaces /tmp): matters
   * only when they are under /tmp.
   */
  readablePaths?: string[];
};

/** One entry of the server table: which files it serves and how to start it. */
export type LanguageServerDefinition = {
  /** Names the server in events and results, e.g. `typescript`. */
  name: string;
  /** File extensions it serves, with the dot (`.ts`). */
  extensions: string[];
  /** The LSP `languageId` of a file it serves. */
  languageId(path: string): string;
  /** How to start it for a root; undefined when it is not available there. */
  launch(root: string): Promise<ServerLaunch | undefined>;
  /**
   * Asks the running server for an open file's diagnostics and waits for the answer, where the server has a way
   * (TypeScript). Absent: the manager waits for `publishDiagnostics`.
   */
  pullDiagnostics?: (request: ServerRequest, uri: string, timeoutMs: number) => Promise<Diagnostic[]>;
};

/** A server from config: a command and the file types it serves (replaces a built-in entry of the same name). */
export type LanguageServerConfig = {
  command: string;
  args?: string[];
  extensions: string[];
  /** Default: the extension without its dot. */
  languageId?: string;
  initializationOptions?: unknown;
};

const require = createRequire(import.meta.url);

/** A project's own copy first (`node_modules` from the root up), then Wright's dependency. */
async function findModuleFile(root: string, relative: string): Promise<string | undefined> {
  let directory = nodePath.resolve(root);
  for (;;) {
    const candidate = nodePath.join(directory, 'node_modules', relative);
    if (await exists(candidate)) return candidate;
    const parent = nodePath.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  try {
    return require.resolve(relative);
  } catch {
    return undefined;
  }
}

/** An executable on PATH, or undefined. */
export async function findOnPath(name: string, path = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const directory of path.split(nodePath.delimiter)) {
    if (directory === '') continue;
    const candidate = nodePath.join(directory, name);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

const typescriptExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** TypeScript and JavaScript through typescript-language-server (5.x) and the project's (or Wright's) TypeScript. */
export const typescriptServer: LanguageServerDefinition = {
  name: 'typescript',
  extensions: typescriptExtensions,
  languageId(path) {
    const extension = nodePath.extname(path);
    if (extension === '.tsx') return 'typescriptreact';
    if (extension === '.jsx') return 'javascriptreact';
    return extension.includes('t') && extension !== '.mjs' && extension !== '.cjs'
      ? 'typescript'
      : 'javascript';
  },
  async launch(root) {
    const cli = await findModuleFile(root, 'typescript-language-server/lib/cli.mjs');
    const tsserver = await findModuleFile(root, 'typescript/lib/tsserver.js');
    if (cli === undefined || tsserver === undefined) return undefined;
    return {
      command: process.execPath,
      args: [cli, '--stdio'],
      readablePaths: await installFolders([cli, tsserver]),
      // No automatic type acquisition: it runs npm and writes a typings cache under HOME.
      initializationOptions: {
        tsserver: { path: tsserver },
        disableAutomaticTypingAcquisition: true,
        preferences: { includeCompletionsForModuleExports: false },
      },
    };
  },
  pullDiagnostics: typescriptDiagnostics,
};

/** Python through pyright's language server (the project's, else Wright's). */
export const pythonServer: LanguageServerDefinition = {
  name: 'python',
  extensions: ['.py', '.pyi'],
  languageId: () => 'python',
  async launch(root) {
    const server = await findModuleFile(root, 'pyright/langserver.index.js');
    if (server === undefined) return undefined;
    return {
      command: process.execPath,
      args: [server, '--stdio'],
      readablePaths: await installFolders([server]),
    };
  },
  pullDiagnostics: documentDiagnostics,
};

/** Go, when `gopls` is on PATH. */
export const goServer: LanguageServerDefinition = {
  name: 'go',
  extensions: ['.go'],
  languageId: () => 'go',
  async launch() {
    const command = await findOnPath('gopls');
    return command === undefined ? undefined : { command, args: ['serve'] };
  },
};

/**
 * Rust, when `rust-analyzer` is on PATH and runs: rustup puts a proxy on PATH that only fails when the component
 * is not installed, so `--version` must succeed.
 */
export const rustServer: LanguageServerDefinition = {
  name: 'rust',
  extensions: ['.rs'],
  languageId: () => 'rust',
  async launch() {
    const command = await findOnPath('rust-analyzer');
    if (command === undefined) return undefined;
    const runs = await new Promise<boolean>((resolve) =>
      execFile(command, ['--version'], { timeout: 10_000, env: toolchainEnvironment() }, (error) =>
        resolve(error === null),
      ),
    );
    return runs ? { command, args: [] } : undefined;
  },
};

/** Just what rustup needs to find a toolchain; no secrets. */
function toolchainEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'RUSTUP_HOME', 'CARGO_HOME', 'RUSTUP_TOOLCHAIN']) {
    const value = process.env[name];
    if (value !== undefined) environment[name] = value;
  }
  return environment;
}

/** The built-in table, with config entries replacing built-ins of the same name or adding new ones. */
export function languageServerTable(
  config: Record<string, LanguageServerConfig> = {},
): LanguageServerDefinition[] {
  const table = new Map<string, LanguageServerDefinition>(
    [typescriptServer, pythonServer, goServer, rustServer].map((server) => [server.name, server]),
  );
  for (const [name, entry] of Object.entries(config)) {
    table.set(name, {
      name,
      extensions: entry.extensions,
      languageId: (path) => entry.languageId ?? nodePath.extname(path).slice(1),
      launch: async () => ({
        command: entry.command,
        args: entry.args ?? [],
        ...(entry.initializationOptions === undefined
          ? {}
          : { initializationOptions: entry.initializationOptions }),
      }),
    });
  }
  return [...table.values()];
}

/**
 * What a Node server needs to read: Node's own install folder and, for each module file, its outermost
 * `node_modules` folder (pnpm keeps dependencies in `node_modules/.pnpm`, npm nests them), by real path.
 */
async function installFolders(files: string[]): Promise<string[]> {
  const folders = new Set<string>();
  for (const file of [process.execPath, ...files]) {
    const real = await realpath(file).catch(() => file);
    const parts = real.split(nodePath.sep);
    const outermost = parts.indexOf('node_modules');
    folders.add(
      outermost > 0
        ? parts.slice(0, outermost + 1).join(nodePath.sep)
        : nodePath.dirname(nodePath.dirname(real)),
    );
  }
  return [...folders];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
