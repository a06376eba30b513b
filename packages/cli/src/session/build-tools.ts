import type { Settings } from '@wright/agent';
import { type AnyTool, isWrightError, type SandboxOptions } from '@wright/core';
import {
  type BackgroundProcesses,
  connectMcpServers,
  createBuiltinTools,
  loadToolPlugins,
  type ShellToolOptions,
} from '@wright/tools';
import { CliFailure, exitCodes } from '../exit-codes.js';
import { secretPolicy } from './secret-policy.js';

/** Tools and how to release what they hold (background processes, MCP connections). */
export type RunTools = { list: AnyTool[]; close(): Promise<void> };

/** The built-in tools of one batch task: fresh state per task, background processes shared by the batch. */
export function builtinTools(
  settings: Settings,
  processes: BackgroundProcesses,
  sandbox: SandboxOptions,
  askToRunUnsandboxed?: ShellToolOptions['askToRunUnsandboxed'],
): AnyTool[] {
  const { secretEnv = [], passEnv = [] } = secretPolicy(settings);
  return createBuiltinTools({
    processes,
    shell: {
      secretEnv: [...secretEnv],
      passEnv: [...passEnv],
      sandbox,
      ...(askToRunUnsandboxed === undefined ? {} : { askToRunUnsandboxed }),
    },
    webFetch: settings.webFetch,
  });
}

/**
 * The tools from config: plugins, then MCP servers' tools. A plugin that fails to load or a server that cannot be
 * reached is a one-line failure naming the config key to fix.
 */
export async function buildConfiguredTools(options: { settings: Settings; cwd: string }): Promise<RunTools> {
  const { settings } = options;
  const where = settings.sources.length === 0 ? 'your config' : settings.sources.join(' or ');
  const list: AnyTool[] = [];
  if (settings.plugins.length > 0) {
    list.push(
      ...(await loadToolPlugins(settings.plugins, {
        cwd: options.cwd,
        secrets: secretPolicy(settings),
      }).catch((error: unknown) => {
        // A plugin that was found but is broken names its own fix; one that cannot be found is the config's.
        throw configFailure(error, `fix "plugins" in ${where}`, true);
      })),
    );
  }
  const servers = Object.entries(settings.mcpServers).map(([name, config]) => ({ name, ...config }));
  if (servers.length === 0) return { list, close: async () => {} };
  const mcp = await connectMcpServers(servers, {
    clientName: 'wright',
    secrets: secretPolicy(settings),
  }).catch((error: unknown) => {
    throw configFailure(error, `fix "mcpServers" in ${where}, or check that the server runs`);
  });
  list.push(...mcp.tools);
  return { list, close: () => mcp.close() };
}

function configFailure(error: unknown, hint: string, preferOwnHint = false): unknown {
  if (!isWrightError(error)) return error;
  const own = preferOwnHint ? error.data.hint?.replace(/\.$/, '') : undefined;
  const fix = own === undefined ? hint : `${own.charAt(0).toLowerCase()}${own.slice(1)}`;
  return new CliFailure(exitCodes.failure, `wright: ${error.message.replace(/\.$/, '')}`, fix);
}
