import type { AnyTool } from '@wright/core';
import { createBackgroundProcesses, createBuiltinTools } from '@wright/tools';
import type { Settings } from '../config/settings.js';

/** The tools of a run and how to release what they hold (background processes, MCP connections). */
export type RunTools = { list: AnyTool[]; close(): Promise<void> };

/** The built-in tools (plugins and MCP servers from config are added once @wright/tools provides loaders). */
export async function buildTools(options: { settings: Settings }): Promise<RunTools> {
  const processes = createBackgroundProcesses();
  const list = createBuiltinTools({ processes, shell: { secretEnv: options.settings.secretEnv } });
  return {
    list,
    close: async () => processes.killAll(),
  };
}
