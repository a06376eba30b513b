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

/**
 * Settings every Wright git call runs with, in the user's repository too (`-c` wins over every config file): no
 * config, whether the system's, the user's, the repository's or one the model planted, makes git run a program.
 * The hooks path is `/dev/null` rather than an empty directory: nothing can ever be created under it, while an empty
 * directory could be filled by a command running as the same user.
 */
export const hardenedGitConfig: readonly string[] = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'diff.external=',
  'gc.auto=0',
  'maintenance.auto=false',
  'commit.gpgSign=false',
  'submodule.recurse=false',
  // No transport at all: no ssh command, credential helper or lazy fetch of a partial clone's missing objects.
  'protocol.allow=never',
  'credential.helper=',
].flatMap((setting) => ['-c', setting]);

/** Global options every Wright git call starts with; diff commands add `--no-ext-diff --no-textconv` too. */
export const hardenedGitOptions: readonly string[] = [
  '--no-pager',
  '--no-optional-locks',
  ...hardenedGitConfig,
];

// Inherited GIT_* variables that pass through: identity, config file locations, discovery limits, tracing. The rest
// (GIT_DIR and friends, GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND, GIT_PAGER, GIT_CONFIG_PARAMETERS, ...) is dropped.
const passedGitVariables =
  /^GIT_(AUTHOR|COMMITTER)_(NAME|EMAIL|DATE)$|^GIT_CONFIG_(GLOBAL|SYSTEM|NOSYSTEM)$|^GIT_CEILING_DIRECTORIES$|^GIT_DISCOVERY_ACROSS_FILESYSTEM$|^GIT_TRACE/;

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
  /**
   * Skip the fixed `-c` settings (for commands on the user's repository that must honour its own config). Its
   * filter drivers are switched off all the same, and the hardened settings always apply.
   */
  userConfig?: boolean;
};

/** What a git call printed and how it ended. */
export type GitOutput = { stdout: string; stderr: string; exitCode: number };

/**
 * Environment for git with inherited GIT_* variables removed (but identity, config locations and tracing), so a
 * Wright process started from a git hook (or with GIT_DIR or GIT_EXTERNAL_DIFF exported) can never point our calls
 * at the wrong repository or make them run a program.
 */
export function gitEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const environment: Record<string, string> = {};
  // Scrubbed like every child's: Wright's git calls need no credentials, and a hook must not find the key.
  for (const [key, value] of Object.entries(childEnvironment().env)) {
    if (value === undefined) continue;
    if (key.startsWith('GIT_') && !passedGitVariables.test(key)) continue;
    environment[key] = value;
  }
  return { ...environment, GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1', LC_ALL: 'C', ...extra };
}

/**
 * Runs git hardened (no hooks, fsmonitor, pager, external diff, transport; in the user's repository, no filter
 * driver either) and without optional locks (so it never refreshes the user's index behind their back).
 */
export async function git(args: string[], options: GitCallOptions): Promise<GitOutput> {
  const prefix = [...hardenedGitOptions, ...(options.userConfig ? [] : fixedConfig)];
  const driversOff = options.userConfig && mayRunFilters(args) ? await filterDriversOff(options) : {};
  const result = await execa('git', [...prefix, ...args], {
    cwd: options.cwd,
    env: gitEnvironment({ ...driversOff, ...options.env }),
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

/**
 * Environment settings (`GIT_CONFIG_COUNT`, `GIT_CONFIG_KEY_<n>`, `GIT_CONFIG_VALUE_<n>`: any driver name passes
 * intact, even one with `=` in it) that switch off every filter driver the config defines (`filter.<name>.clean`,
 * `smudge`, `process`), so a `.gitattributes` naming one runs nothing. Read fresh on each call: a command may have
 * added one since.
 */
export async function filterDriversOff(
  options: Pick<GitCallOptions, 'cwd' | 'env'>,
): Promise<Record<string, string>> {
  const listed = await execa(
    'git',
    [...hardenedGitOptions, 'config', '-z', '--get-regexp', '^filter\\..+\\.(clean|smudge|process)$'],
    { cwd: options.cwd, env: gitEnvironment(options.env), extendEnv: false, reject: false },
  );
  const names = new Set<string>();
  for (const entry of splitNul(listed.stdout)) {
    const key = entry.split('\n')[0]!;
    names.add(key.slice('filter.'.length, key.lastIndexOf('.')));
  }
  const settings = [...names].flatMap((name) =>
    (['clean', 'smudge', 'process', 'required'] as const).map((key) => [
      `filter.${name}.${key}`,
      key === 'required' ? 'false' : '',
    ]),
  );
  const environment: Record<string, string> = { GIT_CONFIG_COUNT: String(settings.length) };
  settings.forEach(([key, value], index) => {
    environment[`GIT_CONFIG_KEY_${index}`] = key!;
    environment[`GIT_CONFIG_VALUE_${index}`] = value!;
  });
  return settings.length === 0 ? {} : environment;
}

// Commands that never read a work-tree file's content, so no filter driver can run (saves a process). Few are:
// even `write-tree` runs the clean filter when it refreshes a racily clean entry.
const contentFree = new Set(['rev-parse', 'config']);

function mayRunFilters(args: string[]): boolean {
  const command = args.find((argument, index) => !argument.startsWith('-') && args[index - 1] !== '-c');
  return command === undefined || !contentFree.has(command);
}

/** Splits `-z` output into its NUL-separated fields. */
export function splitNul(text: string): string[] {
  return text.split('\0').filter((field) => field !== '');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
