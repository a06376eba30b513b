import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ScriptedServer, type ScriptedServerOptions, startScriptedServer } from '@wright/testing';
import { afterEach, beforeEach } from 'vitest';

/** The built CLI entry. */
export const binPath = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

const gitIdentity = {
  GIT_AUTHOR_NAME: 'Wright Test',
  GIT_AUTHOR_EMAIL: 'test@wright.invalid',
  GIT_COMMITTER_NAME: 'Wright Test',
  GIT_COMMITTER_EMAIL: 'test@wright.invalid',
};

export type CliRun = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

/** A scratch area: a data directory for WRIGHT_HOME and an isolated config home, removed by `cleanup`. */
export type Scratch = { root: string; home: string; env: Record<string, string>; cleanup(): Promise<void> };

export async function createScratch(): Promise<Scratch> {
  const root = await mkdtemp(join(tmpdir(), 'wright-cli-test-'));
  const home = join(root, 'wright-home');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: join(root, 'home'),
    WRIGHT_HOME: home,
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_DATA_HOME: join(root, 'data'),
    NO_COLOR: '1',
    ...gitIdentity,
  };
  return { root, home, env, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Creates a git repository with the given files and one commit. */
export async function createGitRepo(
  parent: string,
  files: Record<string, string>,
  name = 'repo',
): Promise<string> {
  const directory = join(parent, name);
  await mkdir(directory, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), content);
  }
  await git(directory, 'init', '--quiet', '--initial-branch=main');
  await git(directory, 'add', '.');
  await git(directory, 'commit', '--quiet', '--no-gpg-sign', '-m', 'initial');
  return directory;
}

/** Runs git with a fixed identity (never the global config's). */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, { cwd, env: { ...process.env, ...gitIdentity } });
  return stdout;
}

/** Starts the built CLI; `done` resolves when it exits. */
export function startCli(
  args: string[],
  options: { cwd: string; env: Record<string, string>; input?: string },
): { child: ReturnType<typeof spawn>; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.end(options.input ?? '');
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Runs the built CLI to completion. */
export function runCliProcess(
  args: string[],
  options: { cwd: string; env: Record<string, string>; input?: string },
): Promise<CliRun> {
  return startCli(args, options).done;
}

/** Parses `--json` output: every stdout line must be a JSON object. */
export function parseJsonLines(stdout: string): Array<{ type: string; [key: string]: unknown }> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
}

/** Trusts the project config found from `cwd` (`wright trust`), as a user does before its plugins may load. */
export async function trustProject(cwd: string, env: Record<string, string>): Promise<void> {
  const result = await runCliProcess(['trust'], { cwd, env });
  if (result.exitCode !== 0) throw new Error(`wright trust failed: ${result.stderr}`);
}

/** What one CLI test works in; `useCliTest` makes it fresh before each test and removes it after. */
export type CliTest = {
  /** The test's scratch area (HOME, WRIGHT_HOME, config and data homes), removed after the test. */
  readonly scratch: Scratch;
  /** The test's git repository (the `files` given to `useCliTest`, one commit); throws when it has none. */
  readonly repo: string;
  /** The scratch environment plus a test `ZAI_API_KEY` and the `env` given to `useCliTest`. */
  readonly env: Record<string, string>;
  /** The scripted GLM server the test started last; throws when it started none. */
  readonly server: ScriptedServer;
  /** Starts a scripted GLM server on 127.0.0.1; every server a test starts is closed after it. */
  startServer(options: ScriptedServerOptions): Promise<ScriptedServer>;
  /** Runs the built CLI to completion: in `repo` with `env` unless the options name others. */
  run(args: string[], options?: CliRunOptions): Promise<CliRun>;
  /** Starts the built CLI the same way without waiting, for tests that signal or read it while it runs. */
  start(args: string[], options?: CliRunOptions): ReturnType<typeof startCli>;
  /** `run` of `wright run --base-url <server> ...args`, the server being the one the test started last. */
  runTask(args: string[], options?: CliRunOptions): Promise<CliRun>;
  /** `start` of the same `wright run`. */
  startTask(args: string[], options?: CliRunOptions): ReturnType<typeof startCli>;
};

/** Where and how `CliTest.run` and `start` run the CLI; each field left out takes the test's own. */
export type CliRunOptions = { cwd?: string; env?: Record<string, string>; input?: string };

/** What `useCliTest` makes before each test. */
export type CliTestOptions = {
  /** The repository's files, path to content, committed once; no repository when left out. */
  files?: Record<string, string>;
  /** The repository's folder name under the scratch root (default `repo`). */
  repoName?: string;
  /** More environment variables for `env` (and so for `run`), e.g. `WRIGHT_MAX_RETRIES`. */
  env?: Record<string, string>;
};

/**
 * Registers `beforeEach`/`afterEach` hooks that give every test of the file a fresh scratch area, a git repository
 * and the scripted servers it starts, all closed and removed after the test. Hooks a file registers after this call
 * run after its set-up and before its clean-up (vitest runs `afterEach` hooks in reverse order).
 */
export function useCliTest(options: CliTestOptions = {}): CliTest {
  let scratch: Scratch | undefined;
  let repo: string | undefined;
  let servers: ScriptedServer[] = [];
  beforeEach(async () => {
    scratch = await createScratch();
    repo = options.files ? await createGitRepo(scratch.root, options.files, options.repoName) : undefined;
  });
  afterEach(async () => {
    const started = servers;
    servers = [];
    await Promise.all(started.map((server) => server.close()));
    await scratch?.cleanup();
    scratch = undefined;
    repo = undefined;
  });
  const current = (): Scratch => {
    if (!scratch) throw new Error('useCliTest: used outside a test');
    return scratch;
  };
  const context: CliTest = {
    get scratch() {
      return current();
    },
    get repo() {
      if (repo === undefined) throw new Error('useCliTest: this file made no repository (pass `files`)');
      return repo;
    },
    get env() {
      return { ...current().env, ZAI_API_KEY: 'test-key', ...options.env };
    },
    get server() {
      const server = servers.at(-1);
      if (!server) throw new Error('useCliTest: the test started no scripted server');
      return server;
    },
    async startServer(serverOptions) {
      const server = await startScriptedServer(serverOptions);
      servers.push(server);
      return server;
    },
    run: (args, runOptions = {}) => context.start(args, runOptions).done,
    runTask: (args, runOptions = {}) => context.startTask(args, runOptions).done,
    startTask: (args, runOptions = {}) =>
      context.start(['run', '--base-url', context.server.baseUrl, ...args], runOptions),
    start: (args, runOptions = {}) =>
      startCli(args, {
        cwd: runOptions.cwd ?? context.repo,
        env: runOptions.env ?? context.env,
        ...(runOptions.input === undefined ? {} : { input: runOptions.input }),
      }),
  };
  return context;
}
