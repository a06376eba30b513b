import type { InputCheck, JsonSchema } from '@wright/core';

/**
 * A minimal check of tool input against a JSON Schema: an object, required properties present, top-level property
 * types and enums right. The server validates fully; this only turns common mistakes into plain-words messages.
 */
export function checkJsonInput(schema: JsonSchema, input: unknown): InputCheck<Record<string, unknown>> {
  const value = input ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      message: `Invalid arguments: the arguments must be a JSON object, got ${kindOf(value)}.`,
    };
  }
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const name of required) if (record[name] === undefined) problems.push(`\`${name}\` is required`);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, entry] of Object.entries(record)) {
    const property = properties[name];
    if (!property || entry === undefined) continue;
    const types = Array.isArray(property.type)
      ? (property.type as string[])
      : typeof property.type === 'string'
        ? [property.type]
        : [];
    if (types.length > 0 && !types.some((type) => hasType(entry, type))) {
      problems.push(`\`${name}\` must be ${types.map(article).join(' or ')}, got ${kindOf(entry)}`);
      continue;
    }
    if (Array.isArray(property.enum) && !property.enum.some((option) => option === entry)) {
      problems.push(
        `\`${name}\` must be one of ${property.enum.map((option) => JSON.stringify(option)).join(', ')}`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, message: `Invalid arguments: ${problems.join('; ')}.` };
  return { ok: true, value: record };
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function article(type: string): string {
  if (type === 'object') return 'a JSON object';
  if (type === 'array' || type === 'integer') return `an ${type}`;
  return `a ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
