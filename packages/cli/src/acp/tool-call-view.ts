import nodePath from 'node:path';
import type { ToolCallContent, ToolCallLocation, ToolKind } from '@agentclientprotocol/sdk';
import type { FileChange } from '@wright/core';

/** How an editor should show each built-in tool (its icon, and whether it follows the file). */
const kindByTool: Record<string, ToolKind> = {
  read_file: 'read',
  write_file: 'edit',
  edit_file: 'edit',
  apply_patch: 'edit',
  glob: 'search',
  grep: 'search',
  shell: 'execute',
  shell_output: 'execute',
  shell_kill: 'execute',
  web_fetch: 'fetch',
};

/** The ACP kind of a tool; plugin and MCP tools are `other`. */
export function toolKind(name: string): ToolKind {
  return kindByTool[name] ?? 'other';
}

type Input = Record<string, unknown>;

function field(input: unknown, name: string): string | undefined {
  const value = (input as Input | null)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** One line for the editor's tool card: what the call does, in words. */
export function toolTitle(name: string, input: unknown): string {
  const path = field(input, 'path');
  const pattern = field(input, 'pattern');
  const command = field(input, 'command');
  switch (name) {
    case 'read_file':
      return path === undefined ? 'Read a file' : `Read ${path}`;
    case 'write_file':
      return path === undefined ? 'Write a file' : `Write ${path}`;
    case 'edit_file':
      return path === undefined ? 'Edit a file' : `Edit ${path}`;
    case 'apply_patch':
      return 'Apply a patch';
    case 'glob':
      return pattern === undefined ? 'Find files' : `Find ${pattern}`;
    case 'grep':
      return pattern === undefined
        ? 'Search'
        : `Search for ${pattern}${path === undefined ? '' : ` in ${path}`}`;
    case 'shell':
      return command === undefined ? 'Run a command' : `Run ${firstLine(command)}`;
    case 'shell_output':
      return 'Read background command output';
    case 'shell_kill':
      return 'Stop a background command';
    case 'web_fetch':
      return field(input, 'url') === undefined ? 'Fetch a web page' : `Fetch ${field(input, 'url')}`;
    default:
      return name;
  }
}

/** The files a call touches, as absolute paths (with the first line read, for read_file). */
export function toolLocations(name: string, input: unknown, root: string): ToolCallLocation[] {
  if (name === 'apply_patch') {
    const patch = field(input, 'patch') ?? '';
    return patchPaths(patch).map((path) => ({ path: nodePath.resolve(root, path) }));
  }
  const path = field(input, 'path');
  if (path === undefined) return [];
  const offset = (input as Input).offset;
  const line = name === 'read_file' && typeof offset === 'number' ? offset : undefined;
  return [{ path: nodePath.resolve(root, path), ...(line === undefined ? {} : { line }) }];
}

/** The change a call proposes, before it runs (for the permission request): edit_file and write_file. */
export function proposedDiff(
  name: string,
  input: unknown,
  root: string,
  current?: string | null,
): ToolCallContent[] {
  const path = field(input, 'path');
  if (path === undefined) return [];
  const absolute = nodePath.resolve(root, path);
  if (name === 'edit_file') {
    const oldText = (input as Input).old_string;
    const newText = (input as Input).new_string;
    if (typeof oldText !== 'string' || typeof newText !== 'string') return [];
    return [{ type: 'diff', path: absolute, oldText: oldText === '' ? null : oldText, newText }];
  }
  if (name === 'write_file') {
    const content = (input as Input).content;
    if (typeof content !== 'string') return [];
    return [{ type: 'diff', path: absolute, oldText: current ?? null, newText: content }];
  }
  return [];
}

/** The diffs of changes a call made: whole old and new texts (binary files are left out). */
export function changeDiffs(changes: FileChange[], root: string): ToolCallContent[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const text = (bytes: Uint8Array | null): string | null | undefined => {
    if (bytes === null) return null;
    try {
      return decoder.decode(bytes);
    } catch {
      return undefined;
    }
  };
  const diffs: ToolCallContent[] = [];
  for (const change of changes) {
    const oldText = text(change.before);
    const newText = text(change.after);
    if (oldText === undefined || newText === undefined) continue;
    if (change.renamedFrom !== undefined) {
      diffs.push({ type: 'diff', path: nodePath.resolve(root, change.renamedFrom), oldText, newText: '' });
      diffs.push({
        type: 'diff',
        path: nodePath.resolve(root, change.path),
        oldText: null,
        newText: newText ?? '',
      });
      continue;
    }
    diffs.push({ type: 'diff', path: nodePath.resolve(root, change.path), oldText, newText: newText ?? '' });
  }
  return diffs;
}

/** Plain text as tool call content. */
export function textContent(text: string): ToolCallContent {
  return { type: 'content', content: { type: 'text', text } };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

// The `+++ b/path` and `*** Update File: path` lines of unified and Codex-style patches.
function patchPaths(patch: string): string[] {
  const paths = new Set<string>();
  for (const match of patch.matchAll(/^(?:\+\+\+ (?:b\/)?|\*\*\* (?:Update|Add|Delete) File: )(.+)$/gm)) {
    const path = match[1]?.trim();
    if (path !== undefined && path !== '/dev/null') paths.add(path);
  }
  return [...paths];
}
