import type { AnyTool, SecretPolicy } from '@wright/core';
import { isWrightError, wrightError } from '@wright/core';
import type { PluginHost, PluginTools } from '@wright/plugin';
import { importPlugin } from './import-plugin.js';
import { createPluginHost } from './plugin-host.js';
import { resolvePluginEntry } from './resolve-plugin.js';
import { validateTool } from './validate-tool.js';

/** What a plugin factory receives: the host API (`PluginHost` from `@wright/plugin`), which includes `cwd` and `spec`. */
export type ToolPluginContext = PluginHost;

/**
 * What a plugin module exports (as `default` or as `tools`): a function receiving the host API (the current form),
 * or a tool or list of tools built with an installed `@wright/tools` (the older form, still accepted).
 */
export type ToolPluginExport = PluginTools | ((host: PluginHost) => PluginTools | Promise<PluginTools>);

/**
 * Loads users' tool modules. Each spec is a local path (`./tools/jira.ts`, a package directory) or an npm package
 * name; `.js`/`.mjs` load through Node, `.ts` through a type-stripping loader. The default export (or named export
 * `tools`) is a function called with the host API (`defineTool`, `z`, ...), or a tool or list of tools. Every tool
 * is validated; any problem throws an error naming the plugin file and the cause. Tool names must be unique.
 */
export async function loadToolPlugins(
  specs: string[],
  options: { cwd: string; secrets?: SecretPolicy },
): Promise<AnyTool[]> {
  const tools: AnyTool[] = [];
  const owners = new Map<string, string>();
  for (const spec of specs) {
    for (const tool of await loadPlugin(spec, options.cwd, options.secrets)) {
      const owner = owners.get(tool.name);
      if (owner !== undefined) {
        throw wrightError(
          'invalid-options',
          `Plugin "${spec}": tool "${tool.name}" is already defined by plugin "${owner}".`,
          { hint: 'Rename one of the tools, or list only one of the plugins' },
        );
      }
      owners.set(tool.name, spec);
      tools.push(tool);
    }
  }
  return tools;
}

async function loadPlugin(spec: string, cwd: string, secrets?: SecretPolicy): Promise<AnyTool[]> {
  const file = resolvePluginEntry(spec, cwd);
  const label = spec === file ? `Plugin ${file}` : `Plugin "${spec}" (${file})`;
  const module = await importPlugin(file, label);
  let exported = (module.default ?? module.tools) as unknown;
  if (exported === undefined) {
    throw wrightError('invalid-options', `${label}: it has neither a default export nor a "tools" export.`, {
      hint: 'Add export default ({ defineTool, z }) => [...] (see docs/plugins.md)',
    });
  }
  if (typeof exported === 'function') {
    try {
      exported = await (exported as (host: PluginHost) => unknown)(
        createPluginHost({ cwd, spec, file, ...(secrets ? { secrets } : {}) }),
      );
    } catch (error) {
      if (isWrightError(error)) {
        throw wrightError('invalid-options', `${label}: ${error.message}`, {
          ...(error.data.hint === undefined ? {} : { hint: error.data.hint }),
        });
      }
      throw wrightError(
        'invalid-options',
        `${label}: its default export threw: ${describeThrown(error, file)}`,
        {
          hint: 'Fix the plugin file',
        },
      );
    }
  }
  const list = Array.isArray(exported) ? exported : [exported];
  if (list.length === 0)
    throw wrightError('invalid-options', `${label}: it returns no tools.`, {
      hint: 'Return at least one tool',
    });
  return list.map((tool, index) =>
    validateTool(tool, `${label}${list.length > 1 ? ` (tool #${index + 1})` : ''}`),
  );
}

/** The message, and where in the plugin file it was thrown when the stack says so. */
function describeThrown(error: unknown, file: string): string {
  if (!(error instanceof Error)) return String(error);
  const frame = error.stack?.split('\n').find((line) => line.includes(file));
  const position = frame === undefined ? undefined : /:(\d+):(\d+)\)?$/.exec(frame);
  return position === null || position === undefined
    ? error.message
    : `${error.message} (line ${position[1]})`;
}
