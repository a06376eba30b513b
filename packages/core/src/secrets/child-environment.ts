/** Which environment variables are secret. The same policy serves every child process Wright starts. */
export type SecretPolicy = {
  /**
   * Names that are always removed and whose values are always scrubbed from output, besides `ZAI_API_KEY`: the
   * provider key's variable (`apiKeyEnv`) and the config's `secretEnv`. `passEnv` never brings these back.
   */
  secretEnv?: readonly string[];
  /**
   * Names kept although they look like credentials (config `passEnv`): exact names, or a prefix ending in `*`
   * (`AWS_*`). Their values are still scrubbed from output.
   */
  passEnv?: readonly string[];
};

/** What `childEnvironment` takes. */
export type ChildEnvironmentOptions = SecretPolicy & {
  /** The environment to start from. Default: this process's environment. */
  base?: Readonly<Record<string, string | undefined>>;
  /** Variables set on top of the scrubbed environment (never scrubbed: the caller chose them). */
  set?: Readonly<Record<string, string>>;
};

/** A child's environment and the secret values to scrub from what the child prints. */
export type ChildEnvironment = {
  /** The variables to hand to the child: the base without secrets, plus `set`. */
  env: Record<string, string>;
  /**
   * Values of every secret or credential variable of the base (removed or passed through), longest first: the
   * explicitly secret ones from 4 characters, the ones matched by name from 8 (shorter values are not worth
   * scrubbing and would mangle ordinary output).
   */
  secrets: string[];
};

/** The provider key's default variable: always secret. */
export const defaultKeyVariable = 'ZAI_API_KEY';

// Exact names that do not follow the word rules below.
const credentialNames = new Set(['SSH_AUTH_SOCK', 'MYSQL_PWD']);
// A word (name split on `_` and other punctuation) ending in one of these marks a credential: `GITHUB_TOKEN`,
// `npm_config__authToken`, `AZURE_CLIENT_SECRET`, `PGPASSWORD`, `GOOGLE_APPLICATION_CREDENTIALS`, `OPENAI_APIKEY`.
const credentialWordEndings = [
  'TOKEN',
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  'CREDENTIAL',
  'CREDENTIALS',
  'APIKEY',
];
// Two consecutive words that mark a credential: `AWS_ACCESS_KEY_ID`, `AZURE_STORAGE_CONNECTION_STRING`.
const credentialWordPairs = new Set([
  'ACCESS KEY',
  'PRIVATE KEY',
  'SECRET KEY',
  'CONNECTION STRING',
  'SAS KEY',
]);
// A last word that marks a credential: `*_API_KEY`, `STRIPE_KEY`, `AZURE_STORAGE_KEY`, `NPM_CONFIG__AUTH`.
const credentialLastWords = new Set(['KEY', 'AUTH']);

/**
 * Whether a variable name looks like a credential: `SSH_AUTH_SOCK` (the SSH agent signs with the user's keys),
 * `MYSQL_PWD`; any name
 * with a word ending in TOKEN, SECRET(S), PASSWORD, PASSWD, PASSPHRASE, CREDENTIAL(S) or APIKEY; the word pairs
 * ACCESS KEY, PRIVATE KEY, SECRET KEY, CONNECTION STRING, SAS KEY; a last word KEY or AUTH. Case-insensitive.
 * This covers `*_API_KEY`, `*_TOKEN`, `*_SECRET`, `*_PASSWORD`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`, `GOOGLE_APPLICATION_CREDENTIALS`, `AZURE_CLIENT_SECRET`, `GITHUB_TOKEN`, `NPM_TOKEN`, ...
 * and leaves alone `TOKENIZERS_PARALLELISM`, `KEYBOARD`, `PATH`, `HOME`.
 */
export function isCredentialName(name: string): boolean {
  const upper = name.toUpperCase();
  if (credentialNames.has(upper)) return true;
  const words = upper.split(/[^A-Z0-9]+/).filter((word) => word !== '');
  if (words.length === 0) return false;
  if (credentialLastWords.has(words[words.length - 1]!)) return true;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (credentialWordEndings.some((ending) => word.endsWith(ending))) return true;
    if (index > 0 && credentialWordPairs.has(`${words[index - 1]} ${word}`)) return true;
  }
  return false;
}

/**
 * Builds the environment of a child process: `base` without the provider key (`ZAI_API_KEY` and `secretEnv`),
 * without every variable `isCredentialName` flags unless `passEnv` lets it through, plus `set`. Also returns the
 * secret values to scrub from the child's output. Every process Wright starts for the model or the user's config
 * (shell, background shell, `--check`, MCP stdio servers, hooks) gets its environment from here.
 */
export function childEnvironment(options: ChildEnvironmentOptions = {}): ChildEnvironment {
  const base = options.base ?? process.env;
  const explicit = new Set([defaultKeyVariable, ...(options.secretEnv ?? [])]);
  const passes = compilePassList(options.passEnv ?? []);
  const env: Record<string, string> = {};
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (explicit.has(name)) {
      if (value.trim().length >= 4) secrets.add(value);
      continue;
    }
    if (isCredentialName(name)) {
      if (value.trim().length >= 8) secrets.add(value);
      if (!passes(name)) continue;
    }
    env[name] = value;
  }
  return {
    env: { ...env, ...options.set },
    secrets: [...secrets].sort((left, right) => right.length - left.length),
  };
}

function compilePassList(list: readonly string[]): (name: string) => boolean {
  const exact = new Set(list.filter((entry) => !entry.endsWith('*')));
  const prefixes = list.filter((entry) => entry.endsWith('*')).map((entry) => entry.slice(0, -1));
  return (name) => exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
}
