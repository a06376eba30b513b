import type { ThinkingPolicy } from '@wright/core';
import { parseFrontMatter } from '../front-matter.js';
import { claudeModelAliases, wrightToolName } from './claude-tool-names.js';

/** Where a definition came from; project files come from the repository and are treated as untrusted. */
export type AgentOrigin = 'project' | 'user' | 'options';

/** A named subagent: a markdown file's front matter plus its body as the subagent's system prompt. */
export type AgentDefinition = {
  /** Lower-case letters, digits, `-` and `_`; what the parent passes as `agent` to the `task` tool. */
  name: string;
  /** One or two sentences for the parent model: when to use this agent. */
  description: string;
  /**
   * Wright tool names the subagent may use, drawn from the parent's tools (never beyond them); `all` means every
   * tool of the parent; undefined means the parent's read-only tools (those whose effect is `read`).
   */
  tools?: string[] | 'all';
  /** `inherit` (the parent's model, the default) or a model id. Claude aliases (sonnet, opus, haiku) mean inherit. */
  model: string;
  /** Turn-level thinking of the subagent; undefined inherits the parent's. */
  thinking?: Extract<ThinkingPolicy, string>;
  /** The subagent's system prompt (the file's body after the front matter). */
  prompt: string;
  /** Step budget (model requests); undefined uses the `task` tool's default. */
  maxSteps?: number;
  /** Input plus output token budget; undefined uses the default. */
  maxTokens?: number;
  /** Wall-clock budget in seconds; undefined uses the default. */
  maxSeconds?: number;
  /** The file it was read from (empty for definitions passed in code). */
  source: string;
  origin: AgentOrigin;
};

/** A parsed file: the definition, or why it was skipped; `notes` say what was ignored on the way. */
export type ParsedAgentFile =
  | { ok: true; definition: AgentDefinition; notes: string[] }
  | { ok: false; message: string };

/** Agent names: what Claude Code allows (lower-case letters and hyphens) plus digits and `_`. */
export const agentNamePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const knownKeys = new Set([
  'name',
  'description',
  'tools',
  'model',
  'thinking',
  'maxSteps',
  'maxTokens',
  'maxSeconds',
  // Claude Code fields Wright reads but does not use.
  'color',
  'permissionMode',
]);

/**
 * Parses an agent file: `---` front matter (YAML) then the markdown body. Reads Wright's format and Claude Code's
 * as is: `tools` may be a YAML list or a comma-separated string, of Wright names or Claude Code names (Read, Grep,
 * Glob, Bash, Edit, Write, ...); unknown Claude Code tools are left out with a note.
 */
export function parseAgentFile(text: string, source: string, origin: AgentOrigin): ParsedAgentFile {
  const parsed = parseFrontMatter(text);
  if (!parsed.ok) return { ok: false, message: `${source}: ${parsed.message}` };
  if (!parsed.document.hasFrontMatter) {
    return { ok: false, message: `${source}: no front matter (a --- block at the top)` };
  }
  const fields = parsed.document.fields;
  const notes: string[] = [];
  const fail = (message: string): ParsedAgentFile => ({ ok: false, message: `${source}: ${message}` });
  const name = fields.name;
  if (typeof name !== 'string' || !agentNamePattern.test(name)) {
    return fail('`name` must be lower-case letters, digits, - or _ (at most 64)');
  }
  const description = fields.description;
  if (typeof description !== 'string' || description.trim() === '') {
    return fail('`description` must say when to use the agent');
  }
  for (const key of Object.keys(fields)) {
    if (!knownKeys.has(key)) notes.push(`${source}: field \`${key}\` is not used by Wright`);
  }
  const definition: AgentDefinition = {
    name,
    description: description.trim().replace(/\s+/g, ' '),
    model: 'inherit',
    prompt: parsed.document.body.trim(),
    source,
    origin,
  };
  const tools = readTools(fields.tools, source, notes);
  if (typeof tools === 'string' && tools !== 'all') return fail(tools);
  if (tools !== undefined) definition.tools = tools;
  const model = readModel(fields.model);
  if (model === undefined) return fail('`model` must be a model id or inherit');
  definition.model = model;
  const thinking = fields.thinking;
  if (thinking !== undefined) {
    const value = thinking === true ? 'on' : thinking === false ? 'off' : thinking;
    if (value !== 'on' && value !== 'off' && value !== 'auto')
      return fail('`thinking` must be on, off or auto');
    definition.thinking = value;
  }
  for (const key of ['maxSteps', 'maxTokens', 'maxSeconds'] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      return fail(`\`${key}\` must be a whole number above 0`);
    }
    definition[key] = value;
  }
  return { ok: true, definition, notes };
}

/** `all`, a list of Wright names, undefined (absent), or an error message (any other string). */
function readTools(value: unknown, source: string, notes: string[]): string[] | 'all' | string | undefined {
  if (value === undefined || value === null) return undefined;
  const entries =
    typeof value === 'string'
      ? value.split(',')
      : Array.isArray(value) && value.every((entry) => typeof entry === 'string')
        ? (value as string[])
        : undefined;
  if (entries === undefined) return '`tools` must be a list or a comma-separated string of tool names';
  const names: string[] = [];
  for (const raw of entries.map((entry) => entry.trim()).filter((entry) => entry !== '')) {
    if (raw === '*' || raw.toLowerCase() === 'all') return 'all';
    // Claude Code allows a rule in parentheses (`Bash(git:*)`); the parent's permission rules apply instead.
    const bare = raw.replace(/\(.*\)$/, '');
    if (bare !== raw)
      notes.push(`${source}: \`${raw}\` is read as ${bare}; the parent's permission rules apply`);
    const mapped = wrightToolName(bare);
    if (mapped === undefined) {
      notes.push(`${source}: Claude Code tool \`${bare}\` has no Wright counterpart and is left out`);
      continue;
    }
    if (!names.includes(mapped)) names.push(mapped);
  }
  return names;
}

function readModel(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'inherit';
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const model = value.trim();
  return claudeModelAliases.has(model.toLowerCase()) || model.toLowerCase().startsWith('claude')
    ? 'inherit'
    : model;
}
