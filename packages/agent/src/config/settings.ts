import type { SandboxMode, SandboxNetwork } from '@wright/core';
import type { HooksConfig } from '../hooks/hooks-config.js';
import type {
  approvalModes,
  LanguageServerConfigEntry,
  McpServerConfig,
  PermissionRuleConfig,
  providerNames,
  thinkingModes,
} from './config-schema.js';

/** Everything a run needs from config files, env and flags, merged (flags win). */
export type Settings = {
  /** Provider profile. */
  provider: (typeof providerNames)[number];
  /** Model id sent on the wire. */
  model: string;
  /** Overrides the provider's base URL; required for self-hosted providers. */
  baseUrl?: string;
  /** Name of the environment variable holding the API key. */
  apiKeyEnv: string;
  /** The API key read from `apiKeyEnv`, when set. */
  apiKey?: string;
  /** Turn-level thinking. */
  thinking: (typeof thinkingModes)[number];
  /** What tools may do without asking. */
  approvalMode: (typeof approvalModes)[number];
  /** Allow and deny rules, checked before the mode; a matching deny always wins. */
  approvalRules: { allow: PermissionRuleConfig[]; deny: PermissionRuleConfig[] };
  /** Budgets; absent means the loop's default (steps) or unlimited. */
  maxSteps?: number;
  maxCostUsd?: number;
  maxTokens?: number;
  maxDurationMs?: number;
  /** Price overrides by model id, USD per million tokens. */
  prices: Record<string, { input: number; cachedInput: number; output: number }>;
  /** Tool plugin module paths, absolute. */
  plugins: string[];
  /** MCP servers by name. */
  mcpServers: Record<string, McpServerConfig>;
  /** Environment variables whose values are secrets (redacted from output, hidden from every child process). */
  secretEnv: string[];
  /** Credential-looking variables that child processes get anyway (names, or prefixes ending in `*`). */
  passEnv: string[];
  /**
   * Globs the file tools may not change, added to `.git`, `.wright` and the default `.env*` (every config file's
   * list adds; none removes). An allow rule naming a path opens it.
   */
  protectedPaths: string[];
  /** Default verification command. */
  check?: string;
  /** How shell, background shell and check commands are confined. */
  sandbox: SandboxSettings;
  /** Retries of a failed model request (default: the client's, 4). */
  maxRetries?: number;
  /** Longest silence of a model stream in ms (default: the client's, 120000). */
  idleTimeoutMs?: number;
  /** Longest duration of one streamed model request in ms (default: the client's, 1800000). */
  streamTimeoutMs?: number;
  /** Reasoning characters one request may stream before it answers (default: the loop's, 160000). */
  maxReasoningChars?: number;
  /**
   * Language servers after edits: on unless `--lsp off` or `"lsp": false` (a file type without an installed server
   * gets nothing); `waitMs` bounds the wait for diagnostics (default 5 s), `warnings` adds warnings to errors,
   * `servers` adds or replaces table entries.
   */
  lsp: {
    enabled: boolean;
    waitMs?: number;
    warnings: boolean;
    servers: Record<string, LanguageServerConfigEntry>;
  };
  /**
   * web_fetch: `allowPrivate` and `allowHosts` open private addresses (trust-gated in a project file),
   * `respectRobots` honours robots.txt, and the limits (bytes, milliseconds, redirects).
   */
  webFetch: {
    allowPrivate?: boolean;
    allowHosts: string[];
    respectRobots?: boolean;
    maxBytes?: number;
    timeoutMs?: number;
    maxRedirects?: number;
  };
  /**
   * Subagents (the `task` tool, docs/agents.md): on unless `enabled: false`; nesting depth and `task` calls per reply
   * (default 1 and 4); each subagent's default budget. The user's agents are in `<configDirectory>/agents`.
   */
  subagents: {
    enabled: boolean;
    maxDepth?: number;
    maxPerTurn?: number;
    maxSteps?: number;
    maxTokens?: number;
    maxDurationMs?: number;
  };
  /** User hooks by event, every config file's groups in order (a project's only once trusted); see docs/hooks.md. */
  hooks: HooksConfig;
  /** Config files that were read, in precedence order. */
  sources: string[];
  /** The user's config directory (`~/.config/wright`): its `skills/` and `commands/` folders are read too. */
  configDirectory?: string;
};

/** The sandbox settings, merged from config (`sandbox`), `WRIGHT_SANDBOX`/`WRIGHT_BWRAP` and flags. */
export type SandboxSettings = {
  /** The mode; default `workspace-write`. */
  mode: SandboxMode;
  /** Network in a confined mode; default `off`. */
  network: SandboxNetwork;
  /** Where the mode came from, e.g. `default`, `--sandbox`, or a config file's path (shown by `wright sandbox`). */
  modeSource: string;
  /** bwrap to use (a path or a name on PATH); default `bwrap`. */
  bwrapPath?: string;
  /** Absolute paths hidden besides the defaults (`~/` expanded). */
  hiddenPaths: string[];
  /** Default hidden paths the user lets commands read. */
  readablePaths: string[];
  /** Extra absolute paths writable inside. */
  writablePaths: string[];
  /** The tool-cache folder; default one per user under the OS temp folder. */
  cacheDirectory?: string;
  /** Widening sandbox keys a project file tried to set, ignored (e.g. `sandbox.mode in /repo/.wright/config.json`). */
  ignored: string[];
};

/** Settings given as flags; each wins over every other source. */
export type SettingFlags = {
  provider?: string;
  model?: string;
  baseUrl?: string;
  thinking?: string;
  approval?: string;
  maxSteps?: string;
  /** `on` or `off`. */
  lsp?: string;
  sandbox?: string;
  network?: string;
};
