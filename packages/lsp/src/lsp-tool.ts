import { readdir, readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnyTool } from '@wright/core';
import { resolveWorkspacePath } from '@wright/core/internal';
import { defineTool } from '@wright/tools';
import type { Location, LocationLink, SymbolInformation } from 'vscode-languageserver-protocol';
import { z } from 'zod';
import type { LspManager } from './lsp-manager.js';

const operations = ['definition', 'references', 'hover', 'document_symbols', 'workspace_symbols'] as const;
const requestTimeoutMs = 30_000;

/**
 * `lsp`: navigation through the language servers — definition, references, hover, a file's symbols and symbols
 * across the workspace. A position is a file with a 1-based line and column (as read_file numbers lines), or a
 * symbol name that the workspace symbol search finds. Read-only, so it runs alongside other reads.
 */
export function createLspTool(manager: LspManager): AnyTool {
  return defineTool({
    name: 'lsp',
    description: [
      'Code navigation through language servers (TypeScript/JavaScript, Python; Go and Rust when installed).',
      'operation: definition | references | hover (need path + line + column, or symbol) | document_symbols',
      '(needs path) | workspace_symbols (needs symbol, a name or part of one). Lines and columns are 1-based.',
      'Results are workspace-relative path:line:column locations with the line they point at.',
    ].join(' '),
    effect: 'read',
    input: z.object({
      operation: z.enum(operations),
      path: z.string().optional().describe('File, relative to the workspace root.'),
      line: z.number().int().positive().optional(),
      column: z.number().int().positive().optional(),
      symbol: z.string().min(1).optional().describe('A symbol name, instead of a position.'),
    }),
    async run(input, context) {
      const root = context.workspace.root;
      let target: { path: string; line: number; character: number } | undefined;
      if (input.path !== undefined) {
        const absolute = (await resolveWorkspacePath(root, input.path)).absolute;
        target = { path: absolute, line: (input.line ?? 1) - 1, character: (input.column ?? 1) - 1 };
      }
      if (input.operation === 'workspace_symbols' || (target === undefined && input.symbol !== undefined)) {
        if (input.symbol === undefined) return { output: 'workspace_symbols needs `symbol`.', isError: true };
        const symbols = await workspaceSymbols(manager, root, input.symbol);
        if (input.operation === 'workspace_symbols') return { output: await formatSymbols(symbols, root) };
        const exact = symbols.find((symbol) => symbol.name === input.symbol) ?? symbols[0];
        if (exact === undefined)
          return { output: `No symbol named "${input.symbol}" was found.`, isError: true };
        target = {
          path: fileURLToPath(exact.location.uri),
          line: exact.location.range.start.line,
          character: exact.location.range.start.character,
        };
      }
      if (target === undefined)
        return {
          output: `${input.operation} needs \`path\` (with line and column) or \`symbol\`.`,
          isError: true,
        };
      const server = await manager.prepare(root, target.path);
      if (server === undefined)
        return {
          output: `No language server serves ${nodePath.extname(target.path) || 'this file'}.`,
          isError: true,
        };
      if ('unavailable' in server)
        return { output: `The language server is unavailable: ${server.unavailable}.`, isError: true };
      const textDocument = { uri: pathToFileURL(target.path).href };
      const position = { line: target.line, character: target.character };
      switch (input.operation) {
        case 'definition': {
          const found = await server.request<Location | Location[] | LocationLink[] | null>(
            'textDocument/definition',
            { textDocument, position },
            requestTimeoutMs,
          );
          return { output: await formatLocations(toLocations(found), root, 'definition') };
        }
        case 'references': {
          const found = await server.request<Location[] | null>(
            'textDocument/references',
            { textDocument, position, context: { includeDeclaration: true } },
            requestTimeoutMs,
          );
          return { output: await formatLocations(found ?? [], root, 'reference') };
        }
        case 'hover': {
          const found = await server.request<{ contents: unknown } | null>(
            'textDocument/hover',
            { textDocument, position },
            requestTimeoutMs,
          );
          return { output: found === null ? 'Nothing to show at that position.' : hoverText(found.contents) };
        }
        default: {
          const found = await server.request<Array<SymbolInformation | DocumentSymbolLike> | null>(
            'textDocument/documentSymbol',
            { textDocument },
            requestTimeoutMs,
          );
          return { output: formatDocumentSymbols(found ?? []) };
        }
      }
    },
  });
}

type DocumentSymbolLike = {
  name: string;
  kind: number;
  range: { start: { line: number } };
  children?: DocumentSymbolLike[];
};

async function workspaceSymbols(
  manager: LspManager,
  root: string,
  query: string,
): Promise<SymbolInformation[]> {
  // Servers answer workspace symbol queries once a file of their project is open: open the first one found.
  const file = await firstServedFile(manager, root);
  if (file === undefined) return [];
  const server = await manager.prepare(root, file);
  if (server === undefined || 'unavailable' in server) return [];
  return (
    (await server.request<SymbolInformation[] | null>('workspace/symbol', { query }, requestTimeoutMs)) ?? []
  );
}

/** A file some server serves, breadth first from the root, skipping dependencies and VCS folders. */
async function firstServedFile(manager: LspManager, root: string): Promise<string | undefined> {
  const queue = [root];
  for (let visited = 0; queue.length > 0 && visited < 2_000; visited++) {
    const directory = queue.shift()!;
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile() && manager.serves(entry.name)) return nodePath.join(directory, entry.name);
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
        queue.push(nodePath.join(directory, entry.name));
    }
  }
  return undefined;
}

function toLocations(found: Location | Location[] | LocationLink[] | null): Location[] {
  if (found === null) return [];
  const list = Array.isArray(found) ? found : [found];
  return list.map((item) =>
    'targetUri' in item ? { uri: item.targetUri, range: item.targetSelectionRange } : item,
  );
}

async function formatLocations(locations: Location[], root: string, noun: string): Promise<string> {
  if (locations.length === 0) return `No ${noun}s found.`;
  const lines = await Promise.all(
    locations.slice(0, 50).map(async (location) => {
      const absolute = fileURLToPath(location.uri);
      const relative = nodePath.relative(root, absolute).split(nodePath.sep).join('/');
      const text =
        (await readFile(absolute, 'utf8').catch(() => '')).split('\n')[location.range.start.line] ?? '';
      return `${relative}:${location.range.start.line + 1}:${location.range.start.character + 1}: ${text.trim()}`;
    }),
  );
  const more = locations.length > 50 ? `\n… and ${locations.length - 50} more` : '';
  return `${locations.length} ${noun}${locations.length === 1 ? '' : 's'}:\n${lines.join('\n')}${more}`;
}

async function formatSymbols(symbols: SymbolInformation[], root: string): Promise<string> {
  if (symbols.length === 0) return 'No symbols found.';
  return formatLocations(
    symbols.map((symbol) => symbol.location),
    root,
    'symbol',
  );
}

function formatDocumentSymbols(symbols: Array<SymbolInformation | DocumentSymbolLike>, depth = 0): string {
  if (symbols.length === 0 && depth === 0) return 'No symbols in this file.';
  return symbols
    .flatMap((symbol) => {
      const line = 'location' in symbol ? symbol.location.range.start.line : symbol.range.start.line;
      const own = `${'  '.repeat(depth)}${symbol.name} (line ${line + 1})`;
      const children =
        'children' in symbol && symbol.children ? formatDocumentSymbols(symbol.children, depth + 1) : '';
      return children === '' ? [own] : [own, children];
    })
    .join('\n');
}

function hoverText(contents: unknown): string {
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map(hoverText).join('\n');
  if (contents !== null && typeof contents === 'object' && 'value' in contents) return String(contents.value);
  return JSON.stringify(contents);
}
