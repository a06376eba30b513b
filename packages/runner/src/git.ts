import { childEnvironment, wrightError } from '@wright/core';
import { execa } from 'execa';

/** Settings every Wright git call runs with: byte-exact content, a fixed identity, no signing, no auto gc. */
const fixedConfig = [
  '-c',
  'core.autocrlf=false',
  '-c',
  'core.safecrlf=false',
  '-c',
  'core.quotepath=false',
  '-c',
  'user.name=wright',
  '-c',
  'user.email=wright@localhost',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'gc.auto=0',
];

/** Options of one git call. */
export type GitCallOptions = {
  /** Working directory of the process. */
  cwd: string;
  /** Extra environment (e.g. GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE for the shadow repository). */
  env?: Record<string, string>;
  /** Bytes or text fed to stdin. */
  input?: string | Uint8Array;
  /** When false, a non-zero exit resolves instead of throwing. Default true. */
  check?: boolean;
  /** Skip the fixed `-c` settings (for commands on the user's repository that must honour its own config). */
  userConfig?: boolean;
};

/** What a git call printed and how it ended. */
export type GitOutput = { stdout: string; stderr: string; exitCode: number };

/**
 * Environment for git with every inherited repository-selecting variable removed, so a Wright process started
 * from a git hook (or with GIT_DIR exported) can never point our calls at the wrong repository.
 */
export function gitEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const environment: Record<string, string> = {};
  // Scrubbed like every child's: Wright's git calls need no credentials, and a hook must not find the key.
  for (const [key, value] of Object.entries(childEnvironment().env)) {
    if (value === undefined) continue;
    if (
      /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|PREFIX)$/.test(
        key,
      )
    )
      continue;
    environment[key] = value;
  }
  return { ...environment, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extra };
}

/** Runs git without optional locks (so it never refreshes the user's index behind their back). */
export async function git(args: string[], options: GitCallOptions): Promise<GitOutput> {
  const prefix = ['--no-optional-locks', ...(options.userConfig ? [] : fixedConfig)];
  const result = await execa('git', [...prefix, ...args], {
    cwd: options.cwd,
    env: gitEnvironment(options.env),
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  const output = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? 1 };
  if (options.check !== false && output.exitCode !== 0) {
    throw wrightError('workspace', `git ${args[0]} failed: ${firstLine(output.stderr || output.stdout)}`, {
      details: { args, exitCode: output.exitCode, stderr: output.stderr.slice(0, 2000) },
    });
  }
  return output;
}

/** Splits `-z` output into its NUL-separated fields. */
export function splitNul(text: string): string[] {
  return text.split('\0').filter((field) => field !== '');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
