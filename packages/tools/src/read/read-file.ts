import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { isWrightError, type Tool, type Workspace, wrightError } from '@wright/core';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import type { ToolKitState } from '../tool-kit-state.js';
import { formatBytes, maximumFileBytes } from '../workspace/file-size-limit.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import { describeBinary, looksBinary } from './detect-binary.js';

const description = readFileSync(new URL('./read-file.prompt.md', import.meta.url), 'utf8');

/** Lines returned when no `limit` is given. */
export const defaultReadLimit = 2000;
/** Characters kept of one line. */
export const maximumLineLength = 2000;
/** Files larger than this (bytes) are not returned whole unless `offset` or `limit` is given. */
export const largeFileBytes = 256 * 1024;
/** Characters of numbered output returned by one call. */
const maximumOutputCharacters = 100_000;

const input = z.object({
  path: z.string().describe('File path, relative to the workspace root.'),
  offset: z.number().int().min(1).optional().describe('1-based line number to start from. Default 1.'),
  limit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`Number of lines to return. Default ${defaultReadLimit}.`),
});

/** Creates the `read_file` tool. */
export function createReadFileTool(state: ToolKitState): Tool<z.infer<typeof input>> {
  return defineTool({
    name: 'read_file',
    description,
    effect: 'read',
    input,
    describe: async (call) => ({ title: `Read ${call.path}` }),
    async run(call, context) {
      const { absolute, relative, tracked } = await resolveReadable(context.workspace, state, call.path);
      const info = await stat(absolute);
      if (info.isDirectory()) {
        throw wrightError('tool', `${relative} is a directory, not a file.`, {
          hint: `Use glob with pattern "${relative === '.' ? '' : `${relative}/`}**/*" to list its files.`,
        });
      }
      if (info.size > maximumFileBytes) {
        throw wrightError('tool', `${relative} is ${formatBytes(info.size)}, too large to read.`, {
          hint: 'Search it with grep, or inspect parts with shell (head, tail, sed -n).',
        });
      }
      // Shell outputs are Wright's own files; workspace files may come from an editor's buffers.
      const shown = tracked && context.workspace.readFile ? await context.workspace.readFile(relative) : null;
      const content = shown === null ? await readFile(absolute) : Buffer.from(shown);
      if (tracked) state.tracker.recordRead(relative, content);
      if (looksBinary(content)) {
        return { output: `${relative} is a binary file (${describeBinary(relative, content)}); not shown.` };
      }
      const text = content.toString('utf8').replace(/^\uFEFF/, '');
      const lines = splitLines(text);
      if (info.size > largeFileBytes && call.offset === undefined && call.limit === undefined) {
        return {
          output:
            `${relative} is large (${formatBytes(info.size)}, ${lines.length} lines); not shown whole. ` +
            `Read it in parts, e.g. offset=1 limit=500, or search it with grep.`,
        };
      }
      return { output: formatLines(relative, lines, call.offset ?? 1, call.limit ?? defaultReadLimit, text) };
    },
  });
}

type Readable = { absolute: string; relative: string; tracked: boolean };

// Shell outputs live outside the workspace (in the session's scratch directory, or the kit's temp directory);
// read_file may read those directories too.
async function resolveReadable(workspace: Workspace, state: ToolKitState, path: string): Promise<Readable> {
  const root = workspace.root;
  for (const outputs of [workspace.scratchDirectory, state.outputDirectory]) {
    if (outputs === undefined || !nodePath.isAbsolute(path) || !isInside(outputs, path)) continue;
    const resolved = await resolveWorkspacePath(outputs, path).catch(notFound(path));
    return { absolute: resolved.absolute, relative: path, tracked: false };
  }
  const resolved = await resolveWorkspacePath(root, path).catch(notFound(path, root));
  return { absolute: resolved.absolute, relative: resolved.relative, tracked: true };
}

function notFound(path: string, root?: string) {
  return async (error: unknown): Promise<never> => {
    if (!isWrightError(error) || !/does not exist/.test(error.message)) throw error;
    const suggestions = root ? await similarNames(root, path) : [];
    throw wrightError('tool', `File not found: ${path}.`, {
      hint: suggestions.length
        ? `Did you mean: ${suggestions.join(', ')}?`
        : 'Use glob to find the right path (paths are relative to the workspace root).',
    });
  };
}

async function similarNames(root: string, path: string): Promise<string[]> {
  const directory = nodePath.dirname(path);
  const wanted = nodePath
    .basename(path)
    .toLowerCase()
    .replace(/\.[^.]*$/, '');
  const entries = await readdir(nodePath.resolve(root, directory)).catch(() => [] as string[]);
  return entries
    .filter((name) => wanted.length > 0 && name.toLowerCase().includes(wanted))
    .slice(0, 5)
    .map((name) => (directory === '.' ? name : `${directory}/${name}`));
}

function isInside(directory: string, path: string): boolean {
  const relative = nodePath.relative(directory, nodePath.resolve(path));
  return relative !== '' && !relative.startsWith('..') && !nodePath.isAbsolute(relative);
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

function formatLines(relative: string, lines: string[], offset: number, limit: number, text: string): string {
  const total = lines.length;
  if (total === 0) return `${relative} is empty (0 lines).`;
  if (offset > total) {
    throw wrightError('tool', `offset ${offset} is past the end of ${relative}, which has ${total} lines.`);
  }
  const numbered: string[] = [];
  let characters = 0;
  let last = offset - 1;
  for (let index = offset - 1; index < Math.min(total, offset - 1 + limit); index++) {
    const line = truncateLine(lines[index]!);
    const entry = `${String(index + 1).padStart(6)}\t${line}`;
    if (characters + entry.length > maximumOutputCharacters && numbered.length > 0) break;
    numbered.push(entry);
    characters += entry.length + 1;
    last = index + 1;
  }
  const notes: string[] = [];
  if (last < total) {
    notes.push(`Showing lines ${offset}-${last} of ${total}. Use offset=${last + 1} to read more.`);
  } else if (offset > 1) {
    notes.push(`Showing lines ${offset}-${last} of ${total} (end of file).`);
  } else {
    notes.push(`End of file (${total} lines).`);
  }
  if (text.includes('\r\n')) notes.push('The file uses CRLF line endings (shown without \\r).');
  if (!text.endsWith('\n') && last === total) notes.push('The file has no final newline.');
  return `${numbered.join('\n')}\n\n(${notes.join(' ')})`;
}

function truncateLine(line: string): string {
  if (line.length <= maximumLineLength) return line;
  const rest = line.length - maximumLineLength;
  return `${line.slice(0, maximumLineLength)}… [line truncated: ${rest} more characters]`;
}
