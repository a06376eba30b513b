import { pathToFileURL } from 'node:url';
import type { AnyTool } from '@wright/core';
import { isWrightError, wrightError } from '@wright/core';
import { resolvePluginEntry } from './resolve-plugin.js';
import { validateTool } from './validate-tool.js';

/** What a plugin factory receives. */
export type ToolPluginContext = {
  /** The directory plugin specs were resolved from (usually the workspace root). */
  cwd: string;
  /** The spec the plugin was loaded by. */
  spec: string;
};

/** What a plugin module exports (as `default` or as `tools`). */
export type ToolPluginExport =
  | AnyTool
  | AnyTool[]
  | ((context: ToolPluginContext) => AnyTool | AnyTool[] | Promise<AnyTool | AnyTool[]>);

/**
 * Loads users' tool modules. Each spec is a local path (`./tools/jira.js`, a package directory) or an npm package
 * name; its default export (or named export `tools`) is a Tool, an array of Tools, or a factory returning either.
 * Every tool is validated; any problem throws an error naming the plugin. Tool names must be unique.
 */
export async function loadToolPlugins(specs: string[], options: { cwd: string }): Promise<AnyTool[]> {
  const tools: AnyTool[] = [];
  const owners = new Map<string, string>();
  for (const spec of specs) {
    for (const tool of await loadPlugin(spec, options.cwd)) {
      const owner = owners.get(tool.name);
      if (owner !== undefined) {
        throw wrightError(
          'invalid-options',
          `Plugin "${spec}": tool "${tool.name}" is already defined by plugin "${owner}".`,
        );
      }
      owners.set(tool.name, spec);
      tools.push(tool);
    }
  }
  return tools;
}

async function loadPlugin(spec: string, cwd: string): Promise<AnyTool[]> {
  const entry = resolvePluginEntry(spec, cwd);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (error) {
    throw wrightError(
      'invalid-options',
      `Plugin "${spec}": could not be imported from ${entry}: ${(error as Error).message}`,
    );
  }
  let exported = (module.default ?? module.tools) as unknown;
  if (exported === undefined) {
    throw wrightError(
      'invalid-options',
      `Plugin "${spec}": it has neither a default export nor a "tools" export.`,
    );
  }
  if (typeof exported === 'function') {
    try {
      exported = await (exported as (context: ToolPluginContext) => unknown)({ cwd, spec });
    } catch (error) {
      if (isWrightError(error)) throw error;
      throw wrightError(
        'invalid-options',
        `Plugin "${spec}": its factory failed: ${(error as Error).message}`,
      );
    }
  }
  const list = Array.isArray(exported) ? exported : [exported];
  if (list.length === 0) throw wrightError('invalid-options', `Plugin "${spec}": it exports no tools.`);
  return list.map((tool, index) =>
    validateTool(tool, `Plugin "${spec}"${list.length > 1 ? ` (tool #${index + 1})` : ''}`),
  );
}
