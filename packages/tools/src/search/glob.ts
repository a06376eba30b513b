import { readFileSync } from 'node:fs';
import { type Tool, wrightError } from '@wright/core';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import { listFiles } from './list-files.js';

const description = readFileSync(new URL('./glob.prompt.md', import.meta.url), 'utf8');

/** Files listed by one glob call unless `max_results` says otherwise. */
export const defaultGlobLimit = 500;

const input = z.object({
  pattern: z.string().min(1).describe('Glob pattern, e.g. "**/*.ts".'),
  path: z
    .string()
    .optional()
    .describe('Directory to search in, relative to the workspace root. Default the root.'),
  case_insensitive: z.boolean().optional().describe('Match names ignoring case. Default false.'),
  max_results: z
    .number()
    .int()
    .min(1)
    .max(5000)
    .optional()
    .describe(`Most paths to list. Default ${defaultGlobLimit}.`),
});

/** Creates the `glob` tool. */
export function createGlobTool(): Tool<z.infer<typeof input>> {
  return defineTool({
    name: 'glob',
    description,
    effect: 'read',
    input,
    describe: async (call) => ({ title: `Find files ${call.pattern}${call.path ? ` in ${call.path}` : ''}` }),
    async run(call, context) {
      const pattern = call.pattern.replace(/^\.\//, '');
      if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
        throw wrightError(
          'tool',
          `The pattern ${JSON.stringify(call.pattern)} reaches outside the search directory.`,
          {
            hint: 'Use a relative pattern without "..", and the path argument to choose the directory.',
          },
        );
      }
      const base = await resolveWorkspacePath(context.workspace.root, call.path ?? '.');
      const fastGlob = (await import('fast-glob')).default;
      const prefix = base.relative === '.' ? '' : `${fastGlob.escapePath(base.relative)}/`;
      const search = (glob: string) =>
        listFiles(context.workspace.root, {
          patterns: [prefix + glob],
          caseInsensitive: call.case_insensitive ?? false,
        });
      let files = await search(pattern);
      let note = '';
      if (files.length === 0 && !pattern.includes('/')) {
        files = await search(`**/${pattern}`);
        if (files.length > 0) note = `No top-level match for ${pattern}; these match **/${pattern}.\n`;
      }
      const limit = call.max_results ?? defaultGlobLimit;
      const shown = files.slice(0, limit);
      const truncated = files.length > shown.length;
      if (files.length === 0) {
        return {
          output: `No files match ${JSON.stringify(call.pattern)}${call.path ? ` in ${call.path}` : ''} (files ignored by .gitignore are not listed).`,
          display: { kind: 'files', paths: [], truncated: false },
        };
      }
      const footer = truncated
        ? `\n\n(Showing ${shown.length} of ${files.length} files. Use a narrower pattern or path to see the rest.)`
        : `\n\n(${files.length} file${files.length === 1 ? '' : 's'}.)`;
      return {
        output: `${note}${shown.join('\n')}${footer}`,
        display: { kind: 'files', paths: shown, truncated },
      };
    },
  });
}
