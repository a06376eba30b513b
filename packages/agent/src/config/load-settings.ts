import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { sandboxModes } from '@wright/core';
import type { z } from 'zod';
import type { HookEvent, HookMatcher } from '../hooks/hooks-config.js';
import {
  approvalModes,
  type ConfigFile,
  configSchema,
  networkSettings,
  providerNames,
  thinkingModes,
} from './config-schema.js';
import { projectConfigFile, trustStoreFile, userConfigFile } from './paths.js';
import type { SettingFlags, Settings } from './settings.js';
import { gateProjectConfig, type TrustPrompt } from './trust/gate-project-config.js';
import { usageFailure } from './usage-failure.js';

/** What `loadSettings` reads. */
export type LoadSettingsOptions = {
  /** Environment variables: `WRIGHT_*`, `XDG_CONFIG_HOME`/`HOME` (where the user config is), the API key. */
  env: Record<string, string | undefined>;
  /** Where the project config is looked for: this directory, then its parents up to the repository root. */
  projectDirectory: string;
  /** Command-line style overrides; they win over everything. */
  flags?: SettingFlags;
  /**
   * How an untrusted project config's trust-gated settings are asked about and reported. Without it they are applied
   * only when the user trusted that exact file (`wright trust`, kept in the trust store), and ignored silently.
   */
  trust?: TrustPrompt;
  /**
   * Apply the project config's trust-gated settings (plugins, MCP servers, `check`, `baseUrl`, ...) without asking.
   * An explicit opt-in for an app that vouches for the project itself; leave it off for repositories from others.
   */
  trustProjectConfig?: boolean;
};

/**
 * Merges, in rising precedence: the user config, the project's `.wright/config.json` (nearest one from the project
 * directory up to the repository root; its trust-gated settings only once the user trusted it), `WRIGHT_*`
 * environment variables, then flags. A bad value anywhere is a usage failure naming the source, the key and the
 * expected value (an `invalid-options` WrightError).
 */
export async function loadSettings(options: LoadSettingsOptions): Promise<Settings> {
  const { env, projectDirectory } = options;
  const settings: Settings = {
    provider: 'zai',
    model: 'glm-4.7',
    apiKeyEnv: 'ZAI_API_KEY',
    thinking: 'on',
    approvalMode: 'auto-edit',
    approvalRules: { allow: [], deny: [] },
    prices: {},
    plugins: [],
    mcpServers: {},
    secretEnv: [],
    passEnv: [],
    protectedPaths: [],
    lsp: { enabled: true, warnings: false, servers: {} },
    webFetch: { allowHosts: [] },
    subagents: { enabled: true },
    hooks: {},
    sandbox: {
      mode: 'workspace-write',
      network: 'off',
      modeSource: 'default',
      hiddenPaths: [],
      readablePaths: [],
      writablePaths: [],
      ignored: [],
    },
    sources: [],
  };
  const userFile = userConfigFile(env);
  settings.configDirectory = dirname(userFile);
  const projectFile = await findProjectConfig(projectDirectory);
  // Relative plugin paths resolve against the user config's folder, or the project root for `.wright/config.json`.
  const files = [
    { file: userFile, base: dirname(userFile), project: false },
    ...(projectFile === undefined
      ? []
      : [{ file: projectFile, base: dirname(dirname(projectFile)), project: true }]),
  ];
  for (const { file, base, project } of files) {
    const read = await readConfigFile(file);
    if (read === undefined) continue;
    // The user's own config is always trusted; a project's is gated (a cloned repository wrote it).
    const config = project
      ? await gateProjectConfig({
          config: read.config,
          source: { file, project: await realpath(base), sha256: read.sha256 },
          storeFile: trustStoreFile(env),
          ...(options.trust ? { prompt: options.trust } : {}),
          ...(options.trustProjectConfig === true ? { trustAll: true } : {}),
        })
      : read.config;
    applyConfig(settings, config, base);
    applySandboxConfig(
      settings,
      file === projectFile ? withoutWidening(config, file, settings) : config,
      file,
      env,
    );
    settings.sources.push(file);
  }
  applyEnvironment(settings, env);
  applyFlags(settings, options.flags ?? {});
  const key = env[settings.apiKeyEnv];
  if (key !== undefined && key !== '') settings.apiKey = key;
  return settings;
}

/** The nearest `.wright/config.json` from `start` up to the repository root, if any. */
export async function findProjectConfig(start: string): Promise<string | undefined> {
  let directory = resolve(start);
  for (;;) {
    const candidate = projectConfigFile(directory);
    if (await exists(candidate)) return candidate;
    if (await exists(join(directory, '.git'))) return undefined;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EISDIR';
  }
}

/** Reads and checks one config file (a usage failure names what is wrong); undefined when it does not exist. */
export async function readConfigFile(
  file: string,
): Promise<{ config: ConfigFile; sha256: string } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw usageFailure(
      `wright: cannot read config ${file}: ${(error as Error).message}`,
      'fix its permissions',
    );
  }
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageFailure(
      `wright: config ${file} is not valid JSON (${(error as Error).message})`,
      'fix the syntax',
    );
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success)
    throw usageFailure(`wright: bad config ${file}: ${describeIssue(parsed.error)}`, 'fix that key');
  return { config: parsed.data, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** One line naming the key and the expected value of the first issue. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const key = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((name) => (key === '' ? name : `${key}.${name}`));
    return `unknown key \`${names.join('`, `')}\``;
  }
  return `key \`${key === '' ? '(root)' : key}\`: ${issue.message}`;
}

function applyConfig(settings: Settings, config: ConfigFile, directory: string): void {
  if (config.provider !== undefined) settings.provider = config.provider;
  if (config.model !== undefined) settings.model = config.model;
  if (config.baseUrl !== undefined) settings.baseUrl = config.baseUrl;
  if (config.apiKeyEnv !== undefined) settings.apiKeyEnv = config.apiKeyEnv;
  if (config.thinking !== undefined) settings.thinking = config.thinking;
  if (config.approval?.mode !== undefined) settings.approvalMode = config.approval.mode;
  settings.approvalRules.allow.push(...(config.approval?.allow ?? []));
  settings.approvalRules.deny.push(...(config.approval?.deny ?? []));
  const budgets = config.budgets ?? {};
  if (budgets.maxSteps !== undefined) settings.maxSteps = budgets.maxSteps;
  if (budgets.maxCostUsd !== undefined) settings.maxCostUsd = budgets.maxCostUsd;
  if (budgets.maxTokens !== undefined) settings.maxTokens = budgets.maxTokens;
  if (budgets.maxDurationMs !== undefined) settings.maxDurationMs = budgets.maxDurationMs;
  Object.assign(settings.prices, config.prices ?? {});
  for (const plugin of config.plugins ?? []) {
    settings.plugins.push(
      isAbsolute(plugin) || !plugin.startsWith('.') ? plugin : resolve(directory, plugin),
    );
  }
  Object.assign(settings.mcpServers, config.mcpServers ?? {});
  settings.secretEnv.push(...(config.secretEnv ?? []));
  settings.passEnv.push(...(config.passEnv ?? []));
  settings.protectedPaths.push(...(config.protectedPaths ?? []));
  if (config.check !== undefined) settings.check = config.check;
  if (config.maxRetries !== undefined) settings.maxRetries = config.maxRetries;
  if (config.idleTimeoutMs !== undefined) settings.idleTimeoutMs = config.idleTimeoutMs;
  if (config.streamTimeoutMs !== undefined) settings.streamTimeoutMs = config.streamTimeoutMs;
  if (config.maxReasoningChars !== undefined) settings.maxReasoningChars = config.maxReasoningChars;
  applyWebFetchConfig(settings, config);
  Object.assign(settings.subagents, config.subagents ?? {});
  for (const [event, groups] of Object.entries(config.hooks ?? {}) as [HookEvent, HookMatcher[]][]) {
    settings.hooks[event] = [...(settings.hooks[event] ?? []), ...groups];
  }
  if (typeof config.lsp === 'boolean') settings.lsp.enabled = config.lsp;
  else if (config.lsp !== undefined) {
    if (config.lsp.enabled !== undefined) settings.lsp.enabled = config.lsp.enabled;
    if (config.lsp.waitMs !== undefined) settings.lsp.waitMs = config.lsp.waitMs;
    if (config.lsp.warnings !== undefined) settings.lsp.warnings = config.lsp.warnings;
    Object.assign(settings.lsp.servers, config.lsp.servers ?? {});
  }
}

function applyWebFetchConfig(settings: Settings, config: ConfigFile): void {
  const { allowHosts, ...rest } = config.webFetch ?? {};
  settings.webFetch.allowHosts.push(...(allowHosts ?? []));
  Object.assign(settings.webFetch, rest);
}

function applySandboxConfig(
  settings: Settings,
  config: ConfigFile,
  file: string,
  env: Record<string, string | undefined>,
): void {
  const sandbox = config.sandbox;
  if (sandbox === undefined) return;
  const path = (value: string) => expandHome(value, env.HOME, dirname(dirname(file)));
  if (sandbox.mode !== undefined) {
    settings.sandbox.mode = sandbox.mode;
    settings.sandbox.modeSource = file;
  }
  if (sandbox.network !== undefined) settings.sandbox.network = sandbox.network;
  if (sandbox.bwrap !== undefined)
    settings.sandbox.bwrapPath = sandbox.bwrap.includes('/') ? path(sandbox.bwrap) : sandbox.bwrap;
  settings.sandbox.hiddenPaths.push(...(sandbox.hiddenPaths ?? []).map(path));
  settings.sandbox.readablePaths.push(...(sandbox.readablePaths ?? []).map(path));
  settings.sandbox.writablePaths.push(...(sandbox.writablePaths ?? []).map(path));
  if (sandbox.cacheDirectory !== undefined) settings.sandbox.cacheDirectory = path(sandbox.cacheDirectory);
}

/**
 * A project file (it comes with the repository, so possibly from a stranger) may narrow the sandbox but not widen
 * it: `mode: off`, `network: on`, extra writable or readable paths, another bwrap and the cache folder are left out
 * and named in `settings.sandbox.ignored`.
 */
function withoutWidening(config: ConfigFile, file: string, settings: Settings): ConfigFile {
  const sandbox = config.sandbox;
  if (sandbox === undefined) return config;
  const kept = { ...sandbox };
  const ignored: string[] = [];
  if (kept.mode === 'off') delete kept.mode;
  if (kept.network === 'on') delete kept.network;
  for (const key of ['bwrap', 'readablePaths', 'writablePaths', 'cacheDirectory'] as const) {
    if (kept[key] !== undefined) delete kept[key];
  }
  for (const key of Object.keys(sandbox) as (keyof typeof sandbox)[]) {
    if (!(key in kept)) ignored.push(`sandbox.${key}`);
  }
  if (ignored.length > 0) settings.sandbox.ignored.push(`${ignored.join(', ')} in ${file}`);
  return { ...config, sandbox: kept };
}

/** `~/x` under the home folder; a relative path against `base`. */
function expandHome(value: string, home: string | undefined, base: string): string {
  if (value === '~' || value.startsWith('~/')) return join(home || homedir(), value.slice(1));
  return resolve(base, value);
}

function applyEnvironment(settings: Settings, env: Record<string, string | undefined>): void {
  const read = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const provider = read('WRIGHT_PROVIDER');
  if (provider !== undefined)
    settings.provider = oneOf(provider, providerNames, 'environment variable WRIGHT_PROVIDER');
  const model = read('WRIGHT_MODEL');
  if (model !== undefined) settings.model = model;
  const baseUrl = read('WRIGHT_BASE_URL');
  if (baseUrl !== undefined) settings.baseUrl = url(baseUrl, 'environment variable WRIGHT_BASE_URL');
  const thinking = read('WRIGHT_THINKING');
  if (thinking !== undefined)
    settings.thinking = oneOf(thinking, thinkingModes, 'environment variable WRIGHT_THINKING');
  const approval = read('WRIGHT_APPROVAL');
  if (approval !== undefined)
    settings.approvalMode = oneOf(approval, approvalModes, 'environment variable WRIGHT_APPROVAL');
  const maxSteps = read('WRIGHT_MAX_STEPS');
  if (maxSteps !== undefined) settings.maxSteps = positive(maxSteps, 'environment variable WRIGHT_MAX_STEPS');
  const maxRetries = read('WRIGHT_MAX_RETRIES');
  if (maxRetries !== undefined) {
    const count = Number(maxRetries);
    if (!Number.isInteger(count) || count < 0) {
      throw usageFailure(
        `wright: environment variable WRIGHT_MAX_RETRIES must be 0 or more (got '${maxRetries}')`,
      );
    }
    settings.maxRetries = count;
  }
  const sandbox = read('WRIGHT_SANDBOX');
  if (sandbox !== undefined) {
    settings.sandbox.mode = oneOf(sandbox, sandboxModes, 'environment variable WRIGHT_SANDBOX');
    settings.sandbox.modeSource = 'environment variable WRIGHT_SANDBOX';
  }
  const bwrap = read('WRIGHT_BWRAP');
  if (bwrap !== undefined) settings.sandbox.bwrapPath = bwrap;
  const apiKeyEnv = read('WRIGHT_API_KEY_ENV');
  if (apiKeyEnv !== undefined) settings.apiKeyEnv = apiKeyEnv;
}

function applyFlags(settings: Settings, flags: SettingFlags): void {
  if (flags.provider !== undefined) settings.provider = oneOf(flags.provider, providerNames, '--provider');
  if (flags.model !== undefined) settings.model = nonEmpty(flags.model, '--model');
  if (flags.baseUrl !== undefined) settings.baseUrl = url(flags.baseUrl, '--base-url');
  if (flags.thinking !== undefined) settings.thinking = oneOf(flags.thinking, thinkingModes, '--thinking');
  if (flags.approval !== undefined)
    settings.approvalMode = oneOf(flags.approval, approvalModes, '--approval');
  if (flags.maxSteps !== undefined) settings.maxSteps = positive(flags.maxSteps, '--max-steps');
  if (flags.lsp !== undefined)
    settings.lsp.enabled = oneOf(flags.lsp, ['on', 'off'] as const, '--lsp') === 'on';
  if (flags.sandbox !== undefined) {
    settings.sandbox.mode = oneOf(flags.sandbox, sandboxModes, '--sandbox');
    settings.sandbox.modeSource = '--sandbox';
  }
  if (flags.network !== undefined)
    settings.sandbox.network = oneOf(flags.network, networkSettings, '--network');
}

function oneOf<Value extends string>(value: string, allowed: readonly Value[], source: string): Value {
  if ((allowed as readonly string[]).includes(value)) return value as Value;
  throw usageFailure(`wright: ${source} must be one of ${allowed.join(', ')} (got '${value}')`);
}

function positive(value: string, source: string): number {
  const number = Number(value);
  if (Number.isInteger(number) && number > 0) return number;
  throw usageFailure(`wright: ${source} must be a positive whole number (got '${value}')`);
}

function url(value: string, source: string): string {
  if (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)) return value.replace(/\/+$/, '');
  throw usageFailure(
    `wright: ${source} must be an http(s) URL like http://127.0.0.1:8000/v1 (got '${value}')`,
  );
}

function nonEmpty(value: string, source: string): string {
  if (value.trim() !== '') return value;
  throw usageFailure(`wright: ${source} must not be empty`);
}
