import type { AnyTool } from '@wright/core';
import {
  connectMcpServers,
  createBackgroundProcesses,
  createBuiltinTools,
  loadToolPlugins,
} from '@wright/tools';
import type { Settings } from '../config/settings.js';

/** The tools of a run and how to release what they hold (background processes, MCP connections). */
export type RunTools = { list: AnyTool[]; close(): Promise<void> };

/** The built-in tools, then configured plugins, then configured MCP servers' tools. */
export async function buildTools(options: { settings: Settings; cwd: string }): Promise<RunTools> {
  const { settings } = options;
  const processes = createBackgroundProcesses();
  const list = createBuiltinTools({ processes, shell: { secretEnv: settings.secretEnv } });
  if (settings.plugins.length > 0)
    list.push(...(await loadToolPlugins(settings.plugins, { cwd: options.cwd })));
  const servers = Object.entries(settings.mcpServers).map(([name, config]) => ({ name, ...config }));
  const mcp = servers.length === 0 ? undefined : await connectMcpServers(servers, { clientName: 'wright' });
  if (mcp !== undefined) list.push(...mcp.tools);
  return {
    list,
    async close() {
      processes.killAll();
      await mcp?.close();
    },
  };
}
