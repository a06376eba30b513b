import type { JsonSchema, Tool } from '@wright/core';
import { isWrightError, wrightError } from '@wright/core';
import type { ToolDefinition } from '@wright/plugin';
import { z } from 'zod';

/** Tool names the GLM API accepts: letters, digits, `_` and `-`, 1 to 64 characters. */
export const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** True when `name` is a valid tool name. */
export function isValidToolName(name: unknown): name is string {
  return typeof name === 'string' && toolNamePattern.test(name);
}

// The definition type is part of the plugin contract, so it lives in the types-only @wright/plugin package.
export type { ToolDefinition } from '@wright/plugin';

/**
 * Builds a Tool from a zod schema. The JSON Schema is computed once with zod 4's own `z.toJSONSchema`; input is
 * validated before `run` with plain-words messages; a thrown error becomes an error result for the model.
 */
export function defineTool<Schema extends z.ZodType>(
  definition: ToolDefinition<Schema>,
): Tool<z.infer<Schema>> {
  if (!isValidToolName(definition.name)) {
    throw wrightError(
      'invalid-options',
      `Tool name ${JSON.stringify(definition.name)} is invalid: use 1 to 64 letters, digits, "_" or "-".`,
    );
  }
  checkZodFour(definition.name, definition.input);
  const parameters = toParametersSchema(definition.input);
  // Values `parse` produced; anything else reaching `run` (a caller that skipped parse) is validated there.
  const parsed = new WeakSet<object>();
  const tool: Tool<z.infer<Schema>> = {
    name: definition.name,
    description: definition.description,
    effect: definition.effect,
    parameters,
    parse(input) {
      const result = definition.input.safeParse(input);
      if (!result.success) return { ok: false, message: describeIssues(result.error.issues, input) };
      if (typeof result.data === 'object' && result.data !== null) parsed.add(result.data);
      return { ok: true, value: result.data };
    },
    async run(input, context) {
      let checked = input;
      if (typeof input !== 'object' || input === null || !parsed.has(input)) {
        const result = definition.input.safeParse(input);
        if (!result.success) return { isError: true, output: describeIssues(result.error.issues, input) };
        checked = result.data;
      }
      try {
        const result = await definition.run(checked, context);
        return typeof result === 'string' ? { output: result } : result;
      } catch (error) {
        return { isError: true, output: errorForModel(error) };
      }
    },
  };
  if (definition.describe) Object.assign(tool, { describe: definition.describe });
  if (definition.timeoutMs !== undefined) Object.assign(tool, { timeoutMs: definition.timeoutMs });
  return tool;
}

/**
 * Zod 4 schemas carry `_zod`; a zod 3 schema (a plugin with its own old zod) has only `_def`, and would fail deep
 * inside `z.toJSONSchema` with "Cannot read properties of undefined (reading 'def')".
 */
function checkZodFour(name: string, input: unknown): void {
  if (typeof input === 'object' && input !== null && '_zod' in input) return;
  const zodThree = typeof input === 'object' && input !== null && '_def' in input;
  throw wrightError(
    'invalid-options',
    zodThree
      ? `Tool "${name}": its input schema was built with zod 3, and Wright needs zod 4.`
      : `Tool "${name}": its input must be a zod object schema (z.object({...})).`,
    {
      hint: 'In a plugin, build the schema with the z Wright passes in: export default ({ defineTool, z }) => [...] (see docs/plugins.md).',
    },
  );
}

/** Converts a zod schema to the JSON Schema sent to the model (input side, no `$schema`, always an object). */
export function toParametersSchema(schema: z.ZodType): JsonSchema {
  const converted = z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }) as JsonSchema;
  const { $schema: _ignored, ...rest } = converted;
  if (rest.type !== 'object') {
    throw wrightError('invalid-options', 'A tool input schema must be a zod object (z.object({...})).');
  }
  return stripSafeIntegerBounds(rest) as JsonSchema;
}

// z.number().int() adds ±MAX_SAFE_INTEGER bounds that only cost tokens.
function stripSafeIntegerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSafeIntegerBounds);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'maximum' && entry === Number.MAX_SAFE_INTEGER) continue;
    if (key === 'minimum' && entry === Number.MIN_SAFE_INTEGER) continue;
    result[key] = stripSafeIntegerBounds(entry);
  }
  return result;
}

type Issue = z.core.$ZodIssue;

/** Turns zod issues into one plain message, e.g. "`path` is required; `limit` must be a number, got string". */
export function describeIssues(issues: readonly Issue[], input: unknown): string {
  const parts = issues.map((issue) => describeIssue(issue, input));
  return `Invalid arguments: ${[...new Set(parts)].join('; ')}.`;
}

function describeIssue(issue: Issue, input: unknown): string {
  const name = issue.path.length === 0 ? 'the arguments' : `\`${issue.path.map(String).join('.')}\``;
  const actual = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (actual.found === false || actual.value === undefined) return `${name} is required`;
      return `${name} must be ${article(issue.expected)}, got ${kindOf(actual.value)}`;
    case 'invalid_value':
      return `${name} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return `${name} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${unit(issue.origin)}`;
    case 'too_big':
      return `${name} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${unit(issue.origin)}`;
    case 'unrecognized_keys':
      return `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `\`${key}\``).join(', ')}`;
    default:
      return `${name}: ${issue.message}`;
  }
}

function unit(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array') return ' items';
  return '';
}

function article(expected: string): string {
  if (expected === 'object') return 'a JSON object';
  if (expected === 'array') return 'an array';
  if (expected === 'int') return 'an integer';
  return `a ${expected}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isInteger(value)) return `the number ${value}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return { found: false };
    if (!(key in current)) return { found: false };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: current };
}

/** The message a model reads when a tool throws. */
export function errorForModel(error: unknown): string {
  if (isWrightError(error)) {
    return error.data.hint ? `${error.message} ${error.data.hint}` : error.message;
  }
  if (error instanceof Error) {
    if (error.name === 'AbortError') return 'The tool call was aborted.';
    return `Error: ${error.message}`;
  }
  return `Error: ${String(error)}`;
}
