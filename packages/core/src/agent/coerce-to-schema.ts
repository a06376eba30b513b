import type { JsonSchema } from '../model-client.js';

/**
 * Converts argument values to the types a tool's JSON Schema declares, where a server lost them in transit and the
 * conversion is exact: `"5"` → 5 for an integer, `"2.5"` → 2.5 for a number, `"true"` → true for a boolean,
 * `"null"` → null where null is allowed, JSON text → the array or object the schema asks for, and an object or
 * array → its JSON text for a string parameter. A value the schema already accepts, or that does not convert
 * exactly, is returned as it is. Returns the same object when nothing changed.
 */
export function coerceToSchema(
  value: unknown,
  schema: JsonSchema,
  root: JsonSchema = schema,
  depth = 0,
): unknown {
  if (depth > 32 || typeof schema !== 'object' || schema === null) return value;
  const resolved = resolveRef(schema, root);
  const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches)) {
    const same = branches.find((branch) => fitsType(value, typesOf(resolveRef(branch, root))));
    if (same !== undefined) return coerceInside(value, resolveRef(same, root), root, depth);
    for (const branch of branches) {
      const converted = coerceToSchema(value, branch, root, depth + 1);
      if (converted !== value) return converted;
    }
    return value;
  }
  const types = typesOf(resolved);
  if (types.length === 0 || fitsType(value, types)) return coerceInside(value, resolved, root, depth);
  if (typeof value === 'string') {
    const converted = fromText(value, types);
    return converted.ok ? coerceInside(converted.value, resolved, root, depth) : value;
  }
  if (types.includes('string') && typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

/** Coerces the members of an object or the items of an array; returns `value` itself when none changed. */
function coerceInside(value: unknown, schema: JsonSchema, root: JsonSchema, depth: number): unknown {
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined;
    if (typeof items !== 'object' || items === null || Array.isArray(items)) return value;
    let changed = false;
    const next = value.map((item) => {
      const converted = coerceToSchema(item, items, root, depth + 1);
      if (converted !== item) changed = true;
      return converted;
    });
    return changed ? next : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const extra = schema.additionalProperties;
  let changed = false;
  const next: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    const memberSchema = Object.hasOwn(properties, key)
      ? properties[key]
      : typeof extra === 'object' && extra !== null
        ? (extra as JsonSchema)
        : undefined;
    const converted =
      memberSchema === undefined ? member : coerceToSchema(member, memberSchema, root, depth + 1);
    if (converted !== member) changed = true;
    next[key] = converted;
  }
  return changed ? next : value;
}

type Converted = { ok: true; value: unknown } | { ok: false };

const integerText = /^-?(0|[1-9]\d*)$/;
const numberText = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Reads a string as one of the declared non-string types, exactly, or not at all. */
function fromText(text: string, types: string[]): Converted {
  const trimmed = text.trim();
  if (types.includes('integer') && integerText.test(trimmed)) {
    const number = Number(trimmed);
    if (Number.isSafeInteger(number)) return { ok: true, value: number };
  }
  if (types.includes('number') && numberText.test(trimmed)) {
    const number = Number(trimmed);
    if (Number.isFinite(number)) return { ok: true, value: number };
  }
  if (types.includes('boolean') && /^(true|false)$/i.test(trimmed))
    return { ok: true, value: trimmed.toLowerCase() === 'true' };
  if (types.includes('null') && trimmed === 'null') return { ok: true, value: null };
  if (
    (types.includes('array') && trimmed.startsWith('[')) ||
    (types.includes('object') && trimmed.startsWith('{'))
  ) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (fitsType(parsed, types)) return { ok: true, value: parsed };
    } catch {
      // Not JSON: left as it is, and the schema check says what is wrong.
    }
  }
  return { ok: false };
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === 'string');
  if (schema.properties !== undefined) return ['object'];
  return [];
}

function fitsType(value: unknown, types: string[]): boolean {
  if (types.length === 0) return true;
  return types.some((type) => {
    switch (type) {
      case 'string':
        return typeof value === 'string';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'number':
        return typeof value === 'number';
      case 'boolean':
        return typeof value === 'boolean';
      case 'null':
        return value === null;
      case 'array':
        return Array.isArray(value);
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      default:
        return false;
    }
  });
}

/** Follows a local `$ref` (`#/$defs/…` or `#/definitions/…`); other references are left alone. */
function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const reference = schema.$ref;
  if (typeof reference !== 'string' || !reference.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const part of reference.slice(2).split('/')) {
    if (typeof target !== 'object' || target === null) return schema;
    target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return typeof target === 'object' && target !== null ? (target as JsonSchema) : schema;
}
