/**
 * Repairs the few argument texts whose meaning is certain although they are not one JSON value, and returns every
 * other text unchanged (a text that does not parse is then reported, never guessed at):
 * - empty or blank text (a call without parameters) → `{}`;
 * - SGLang's `{}{}` for calls without parameters, and an object followed by empty objects → that object;
 * - the same JSON object sent twice in a row (a final delta repeating the whole arguments) → that object.
 */
export function repairArgumentsText(text: string): string {
  if (text.trim() === '') return '{}';
  if (parses(text)) return text;
  const trimmed = text.trim();
  const withoutEmptyObjects = trimmed.replace(/(\{\s*\}\s*)+$/, '').trim();
  if (withoutEmptyObjects === '') return '{}';
  if (withoutEmptyObjects !== trimmed && isObjectText(withoutEmptyObjects)) return withoutEmptyObjects;
  if (trimmed.length % 2 === 0) {
    const half = trimmed.slice(0, trimmed.length / 2);
    if (half === trimmed.slice(trimmed.length / 2) && isObjectText(half)) return half;
  }
  return text;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
