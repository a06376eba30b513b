// The contract between Wright and a tool plugin, as types only. A plugin imports these with `import type`, which
// disappears when Wright loads it, so a plugin runs with nothing installed next to it.
import type { AnyTool, Tool, ToolContext, ToolEffect, ToolResult } from '@wright/core';
import type { ResolvedPath, ResolvePathOptions } from '@wright/core/internal';
import type { z } from 'zod';

export type { AnyTool, ResolvedPath, ResolvePathOptions, Tool, ToolContext, ToolEffect, ToolResult };

/** What `defineTool` takes. */
export type ToolDefinition<Schema extends z.ZodType> = {
  /** `^[a-zA-Z0-9_-]{1,64}$`. */
  name: string;
  /** Written for the model. */
  description: string;
  /** What the tool does to the world; decides parallelism and approval. */
  effect: ToolEffect;
  /** Zod 4 schema of the input (build it with the host's `z`); must describe an object. */
  input: Schema;
  /** Does the work. Return a string for a plain result; throw to report an error to the model. */
  run(input: z.infer<Schema>, context: ToolContext): Promise<ToolResult | string>;
  /** Says exactly what a call will do (for approval prompts and UIs). */
  describe?(
    input: z.infer<Schema>,
    context: Pick<ToolContext, 'workspace'>,
  ): Promise<{ title: string; detail?: string }>;
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number;
};

/** Builds a Tool from a zod schema: JSON Schema computed once, input validated, thrown errors become results. */
export type DefineTool = <Schema extends z.ZodType>(
  definition: ToolDefinition<Schema>,
) => Tool<z.infer<Schema>>;

/** What Wright hands a plugin's default export. Everything a tool author needs, so the plugin imports nothing. */
export type PluginHost = {
  /** The host's `defineTool`. */
  defineTool: DefineTool;
  /** The host's zod 4, for input schemas (whatever zod, if any, is installed next to the plugin). */
  z: typeof z;
  /**
   * Resolves a workspace-relative path inside `root` (use `context.workspace.root`), refusing `..` escapes and
   * symlinks that leave the workspace. Throws an error whose message the model can read.
   */
  resolveWorkspacePath(root: string, path: string, options?: ResolvePathOptions): Promise<ResolvedPath>;
  /** The directory plugin specs were resolved from (usually the project root). */
  cwd: string;
  /** The spec the plugin was listed under: a path or a package name. */
  spec: string;
  /** The absolute path of the plugin's module file. */
  file: string;
  /** The version of this API: 1. It changes only with a breaking change. */
  apiVersion: 1;
  /**
   * The environment for a process the plugin starts: Wright's own without the provider key, the config's
   * `secretEnv` and credential-looking variables (unless `passEnv` lets them through), plus `set`; and the secret
   * values to replace in what the process prints (`redactSecrets`). Optional for hosts older than this field.
   */
  childEnvironment?(set?: Record<string, string>): { env: Record<string, string>; secrets: string[] };
  /** Replaces every occurrence of each secret in `text` with `[redacted]`. */
  redactSecrets?(text: string, secrets: readonly string[]): string;
};

/** What a plugin returns: one tool or a list. */
export type PluginTools = AnyTool | AnyTool[];

/** A plugin module's default export. It may be async; it is called once per load. */
export type WrightPlugin = (host: PluginHost) => PluginTools | Promise<PluginTools>;
