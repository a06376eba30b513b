/** A tool call read out of text: its name and its arguments as JSON text. */
export type RecoveredCall = { name: string; arguments: string };

/** What was found in a reply's text. */
export type MarkupScan =
  /** No tool-call markup at all. */
  | { kind: 'none' }
  /** Markup whose every call reads cleanly and names a real tool. */
  | { kind: 'calls'; calls: RecoveredCall[] }
  /** Markup that does not read cleanly (or names no real tool): it must not be taken as an answer. */
  | { kind: 'broken'; reason: string };

const markupPattern = /<tool_call>|<\/tool_call>|<arg_key>|<\/arg_key>|<arg_value>|<\/arg_value>/;

/** Whether the text holds GLM tool-call template markup. */
export function hasToolMarkup(text: string): boolean {
  return markupPattern.test(text);
}

/**
 * Reads tool calls that GLM wrote as text instead of as `tool_calls`: its template markup
 * (`<tool_call>name<arg_key>k</arg_key><arg_value>v</arg_value></tool_call>`, the opening tag sometimes missing),
 * a JSON call inside `<tool_call>…</tool_call>`, or a reply that is nothing but a JSON call
 * (`{"name": …, "arguments": {…}}`, llama.cpp after its syntax switch). A call is recovered only when every part of
 * the markup reads cleanly and every name is one of `toolNames`; anything else is `broken`.
 */
export function scanToolMarkup(text: string, toolNames: ReadonlySet<string>): MarkupScan {
  if (!hasToolMarkup(text)) {
    const whole = readJsonCall(text.trim(), toolNames);
    return whole === undefined ? { kind: 'none' } : { kind: 'calls', calls: [whole] };
  }
  const calls: RecoveredCall[] = [];
  const segments = text.split('</tool_call>');
  // The text after the last closing tag must hold no further call.
  const tail = segments.pop() ?? '';
  if (hasToolMarkup(tail)) return { kind: 'broken', reason: 'a tool call is not closed with </tool_call>' };
  if (segments.length === 0) return { kind: 'broken', reason: 'no complete tool call' };
  for (const segment of segments) {
    const opened = segment.lastIndexOf('<tool_call>');
    const body = opened >= 0 ? segment.slice(opened + '<tool_call>'.length) : segment;
    const call = readMarkupCall(body, opened >= 0, toolNames);
    if (typeof call === 'string') return { kind: 'broken', reason: call };
    calls.push(call);
  }
  return { kind: 'calls', calls };
}

const pairPattern = /<arg_key>([\s\S]*?)<\/arg_key>\s*<arg_value>([\s\S]*?)<\/arg_value>/g;

/** Reads one call body; returns why it does not read cleanly as a string. */
function readMarkupCall(
  body: string,
  opened: boolean,
  toolNames: ReadonlySet<string>,
): RecoveredCall | string {
  const json = readJsonCall(body.trim(), toolNames);
  if (json !== undefined) return json;
  const firstKey = body.indexOf('<arg_key>');
  const head = firstKey >= 0 ? body.slice(0, firstKey) : body;
  // Without the opening tag, the name is the last word before the arguments (the rest is prose before it).
  const name = opened ? head.trim() : (/([A-Za-z0-9_-]+)\s*$/.exec(head)?.[1] ?? '');
  if (!toolNames.has(name)) return `the tool name ${JSON.stringify(name.slice(0, 64))} is not a tool`;
  const rest = firstKey >= 0 ? body.slice(firstKey) : '';
  const input: Record<string, unknown> = {};
  let consumed = 0;
  for (const match of rest.matchAll(pairPattern)) {
    if (rest.slice(consumed, match.index).trim() !== '') return 'text between the arguments';
    consumed = (match.index ?? 0) + match[0].length;
    const key = (match[1] ?? '').trim();
    if (key === '' || hasToolMarkup(key) || hasToolMarkup(match[2] ?? '')) return 'a malformed argument';
    // Values stay text: the tool's schema decides their type (the loop coerces "5" to 5 where it asks a number).
    input[key] = match[2] ?? '';
  }
  if (rest.slice(consumed).trim() !== '') return 'text after the arguments';
  return { name, arguments: JSON.stringify(input) };
}

/** `{"name": "...", "arguments": {...}}` (or `parameters`), naming a real tool; undefined otherwise. */
function readJsonCall(text: string, toolNames: ReadonlySet<string>): RecoveredCall | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const argumentsKey = keys.find((key) => key === 'arguments' || key === 'parameters');
  if (typeof record.name !== 'string' || !toolNames.has(record.name)) return undefined;
  if (keys.length !== (argumentsKey === undefined ? 1 : 2)) return undefined;
  const raw = argumentsKey === undefined ? {} : record[argumentsKey];
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      return { name: record.name, arguments: raw };
    } catch {
      return undefined;
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  return { name: record.name, arguments: JSON.stringify(raw) };
}
