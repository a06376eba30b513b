import { sandboxModes } from '@wright/core';
import { z } from 'zod';
import { hooksSchema } from '../hooks/hooks-config.js';

/** Provider names `--provider` and `provider` accept. */
export const providerNames = [
  'zai',
  'zai-coding',
  'bigmodel',
  'bigmodel-coding',
  'vllm',
  'sglang',
  'llama-cpp',
] as const;

/** Approval modes `--approval` and `approval.mode` accept. */
export const approvalModes = ['read-only', 'auto-edit', 'full'] as const;

/** Network settings `--network` and `sandbox.network` accept. */
export const networkSettings = ['on', 'off'] as const;

/** Thinking settings `--thinking` and `thinking` accept. */
export const thinkingModes = ['on', 'off', 'auto'] as const;

const environmentName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name like MY_API_KEY');
// `passEnv` entries: a variable name, or a prefix ending in `*` (`AWS_*`).
const passEnvEntry = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*\*?$/, 'expected a variable name like GITHUB_TOKEN, or a prefix like AWS_*');
const positiveInteger = z.number().int().positive();
const price = z
  .object({
    input: z.number().nonnegative(),
    cachedInput: z.number().nonnegative(),
    output: z.number().nonnegative(),
  })
  .strict();
// The tools' PermissionRule: `tool` or `tool(pattern)`, or an object with a command pattern or a path glob.
const permissionRule = z.union([
  z.string().min(1),
  z
    .object({
      tool: z.string().min(1),
      command: z.string().optional(),
      path: z.string().optional(),
      domain: z.string().optional(),
    })
    .strict(),
]);
const stdioServer = z
  .object({
    command: z.string().min(1),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
  })
  .strict();
const sandboxPath = z.string().min(1);
const sandbox = z
  .object({
    mode: z.enum(sandboxModes).optional(),
    network: z.enum(networkSettings).optional(),
    bwrap: sandboxPath.optional(),
    hiddenPaths: z.array(sandboxPath).optional(),
    readablePaths: z.array(sandboxPath).optional(),
    writablePaths: z.array(sandboxPath).optional(),
    cacheDirectory: sandboxPath.optional(),
  })
  .strict();
const httpServer = z.object({ url: z.url(), headers: z.record(z.string(), z.string()).optional() }).strict();

// A language server from config: a command and the file types it serves (replaces a built-in of the same name).
const languageServer = z
  .object({
    command: z.string().min(1),
    args: z.array(z.string()).optional(),
    extensions: z.array(z.string().regex(/^\.[A-Za-z0-9]+$/, 'expected an extension like ".ts"')).min(1),
    languageId: z.string().min(1).optional(),
    initializationOptions: z.unknown().optional(),
  })
  .strict();
const lsp = z.union([
  z.boolean(),
  z
    .object({
      enabled: z.boolean().optional(),
      waitMs: positiveInteger.optional(),
      warnings: z.boolean().optional(),
      servers: z.record(z.string().regex(/^[a-z0-9-]+$/), languageServer).optional(),
    })
    .strict(),
]);

// web_fetch: which private hosts it may reach, robots.txt, limits (see docs/tools.md).
const webFetch = z
  .object({
    allowPrivate: z.boolean().optional(),
    allowHosts: z.array(z.string().trim().min(1)).optional(),
    respectRobots: z.boolean().optional(),
    maxBytes: positiveInteger.optional(),
    timeoutMs: positiveInteger.optional(),
    maxRedirects: z.number().int().nonnegative().optional(),
  })
  .strict();

/** The shape of `config.json` (user and project); every key is optional. */
export const configSchema = z
  .object({
    provider: z.enum(providerNames).optional(),
    model: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
    apiKeyEnv: environmentName.optional(),
    thinking: z.enum(thinkingModes).optional(),
    approval: z
      .object({
        mode: z.enum(approvalModes).optional(),
        allow: z.array(permissionRule).optional(),
        deny: z.array(permissionRule).optional(),
      })
      .strict()
      .optional(),
    budgets: z
      .object({
        maxSteps: positiveInteger.optional(),
        maxCostUsd: z.number().positive().optional(),
        maxTokens: positiveInteger.optional(),
        maxDurationMs: positiveInteger.optional(),
      })
      .strict()
      .optional(),
    prices: z.record(z.string(), price).optional(),
    plugins: z.array(z.string().min(1)).optional(),
    mcpServers: z.record(z.string(), z.union([stdioServer, httpServer])).optional(),
    secretEnv: z.array(environmentName).optional(),
    passEnv: z.array(passEnvEntry).optional(),
    protectedPaths: z.array(z.string().trim().min(1)).optional(),
    check: z.string().min(1).optional(),
    sandbox: sandbox.optional(),
    maxRetries: z.number().int().nonnegative().optional(),
    idleTimeoutMs: z.number().int().positive().optional(),
    streamTimeoutMs: z.number().int().positive().optional(),
    maxReasoningChars: z.number().int().positive().optional(),
    lsp: lsp.optional(),
    webFetch: webFetch.optional(),
    subagents: z
      .object({
        enabled: z.boolean().optional(),
        maxDepth: z.number().int().min(1).max(3).optional(),
        maxPerTurn: z.number().int().min(1).max(16).optional(),
        maxSteps: z.number().int().positive().optional(),
        maxTokens: z.number().int().positive().optional(),
        maxDurationMs: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    hooks: hooksSchema.optional(),
  })
  .strict();

/** One parsed config file. */
export type ConfigFile = z.infer<typeof configSchema>;

/** One allow or deny rule from config (the tools' PermissionRule). */
export type PermissionRuleConfig = z.infer<typeof permissionRule>;

/** One MCP server from config (stdio command or streamable HTTP url). */
export type McpServerConfig = z.infer<typeof stdioServer> | z.infer<typeof httpServer>;

/** One language server from config. */
export type LanguageServerConfigEntry = z.infer<typeof languageServer>;
