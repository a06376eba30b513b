import type { AnyTool } from '@wright/core';
import * as toolsPackage from '@wright/tools';
import type { Settings } from '../config/settings.js';

/** The tools of a run and how to release them (MCP connections). */
export type RunTools = { list: AnyTool[]; close(): Promise<void> };

/** Built-in tools, plus configured plugins and MCP servers. */
export async function buildTools(_options: {
  settings: Settings;
  cwd: string;
  dataDirectory: string;
}): Promise<RunTools> {
  // Until createBuiltinTools is exported, compose the factories that exist.
  const state = { tracker: toolsPackage.createFileTracker(), outputDirectory: _options.dataDirectory };
  const list: AnyTool[] = [
    toolsPackage.createReadFileTool(state),
    toolsPackage.createGlobTool(),
    toolsPackage.createGrepTool(),
  ];
  return { list, close: async () => {} };
}
