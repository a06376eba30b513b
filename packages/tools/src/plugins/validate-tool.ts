import type { AnyTool } from '@wright/core';
import { wrightError } from '@wright/core';
import { isValidToolName } from '../define-tool.js';

const effects = new Set(['read', 'write', 'execute', 'network']);

/** Checks that `value` is a usable Tool; throws an invalid-options error naming `source` and the problem. */
export function validateTool(value: unknown, source: string): AnyTool {
  const problem = findProblem(value);
  if (problem) {
    throw wrightError('invalid-options', `${source}: ${problem}.`, {
      hint: 'Build tools with the defineTool Wright passes to the plugin (see docs/plugins.md)',
    });
  }
  return value as AnyTool;
}

function findProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `expected a tool object, got ${kindOf(value)}`;
  const tool = value as Record<string, unknown>;
  const label = typeof tool.name === 'string' ? `tool "${tool.name}"` : 'a tool';
  if (!isValidToolName(tool.name)) {
    return `${label} has an invalid name (${JSON.stringify(tool.name)}): use 1 to 64 letters, digits, "_" or "-"`;
  }
  if (typeof tool.description !== 'string' || tool.description.trim() === '')
    return `${label} has no description`;
  if (typeof tool.effect !== 'string' || !effects.has(tool.effect)) {
    return `${label} has effect ${JSON.stringify(tool.effect)}; use read, write, execute or network`;
  }
  const parameters = tool.parameters as Record<string, unknown> | undefined;
  if (typeof parameters !== 'object' || parameters === null || parameters.type !== 'object') {
    return `${label} needs parameters: a JSON Schema with type "object" (defineTool makes one from a zod schema)`;
  }
  if (typeof tool.parse !== 'function') return `${label} has no parse function (use defineTool)`;
  if (typeof tool.run !== 'function') return `${label} has no run function`;
  if (tool.describe !== undefined && typeof tool.describe !== 'function')
    return `${label} has a describe that is not a function`;
  if (tool.timeoutMs !== undefined && !(typeof tool.timeoutMs === 'number' && tool.timeoutMs > 0)) {
    return `${label} has timeoutMs ${JSON.stringify(tool.timeoutMs)}; use a positive number of milliseconds`;
  }
  return undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
