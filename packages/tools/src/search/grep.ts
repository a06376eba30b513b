import { readFileSync } from 'node:fs';
import type { Tool } from '@wright/core';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { defaultGrepLimit, type GrepMatch, type GrepResult } from './grep-types.js';
import { searchFiles } from './search-files.js';

const description = readFileSync(new URL('./grep.prompt.md', import.meta.url), 'utf8');

/** Characters of a matching line shown to the model. */
const maximumLineLength = 300;

const input = z.object({
  pattern: z.string().min(1).describe('Regular expression to search for.'),
  path: z.string().optional().describe('File or directory to search, relative to the workspace root.'),
  glob: z.string().optional().describe('Only search files matching this glob, e.g. "*.ts".'),
  case_insensitive: z.boolean().optional().describe('Ignore case. Default false.'),
  literal: z.boolean().optional().describe('Treat pattern as plain text, not a regular expression.'),
  max_results: z
    .number()
    .int()
    .min(1)
    .max(2000)
    .optional()
    .describe(`Most lines to return. Default ${defaultGrepLimit}.`),
});

/** Options for `createGrepTool`. */
export type GrepToolOptions = {
  /** Search engine; 'auto' (default) uses system rg when present. */
  engine?: 'auto' | 'rg' | 'js';
};

/** Creates the `grep` tool. */
export function createGrepTool(options: GrepToolOptions = {}): Tool<z.infer<typeof input>> {
  return defineTool({
    name: 'grep',
    description,
    effect: 'read',
    input,
    describe: async (call) => ({
      title: `Search for /${call.pattern}/${call.path ? ` in ${call.path}` : ''}`,
    }),
    async run(call, context) {
      const result = await searchFiles(context.workspace.root, {
        pattern: call.pattern,
        ...(call.path !== undefined ? { path: call.path } : {}),
        ...(call.glob !== undefined ? { glob: call.glob } : {}),
        caseInsensitive: call.case_insensitive ?? false,
        literal: call.literal ?? false,
        maxResults: call.max_results ?? defaultGrepLimit,
        engine: options.engine ?? 'auto',
        signal: context.signal,
      });
      return {
        output: formatGrepResult(result, call.pattern),
        display: {
          kind: 'json',
          value: { engine: result.engine, total: result.totalMatches, truncated: result.truncated },
        },
      };
    },
  });
}

/** Formats matches as `path:line:text` lines plus a note when capped. */
export function formatGrepResult(result: GrepResult, pattern: string): string {
  if (result.matches.length === 0) return `No matches for ${JSON.stringify(pattern)}.`;
  const lines = result.matches.map(formatMatch);
  if (result.truncated) {
    const total = result.complete ? `${result.totalMatches}` : `more than ${result.totalMatches}`;
    lines.push(
      `\n(Showing ${result.matches.length} of ${total} matching lines. Narrow the search with path or glob, or raise max_results.)`,
    );
  }
  return lines.join('\n');
}

function formatMatch(match: GrepMatch): string {
  const text =
    match.text.length > maximumLineLength
      ? `${match.text.slice(0, maximumLineLength)}… [line truncated]`
      : match.text;
  return `${match.path}:${match.line}:${text}`;
}
