// @ts-check
// A Wright tool plugin. Point Wright at it with `plugins: ["./examples/custom-tool"]` in .wright/config.json, or
// load it yourself with loadToolPlugins(["./examples/custom-tool"], { cwd }).
import { readFile } from 'node:fs/promises';
import { defineTool, resolveWorkspacePath } from '@wright/tools';
import { z } from 'zod';

/** Counts the lines, words and characters of a text file in the workspace. */
export const wordCount = defineTool({
  name: 'word_count',
  description:
    'Count the lines, words and characters of a text file in the workspace. ' +
    'Use it to size a document before reading it. `path` is relative to the workspace root.',
  effect: 'read',
  input: z.object({
    path: z.string().describe('File path, relative to the workspace root.'),
  }),
  describe: async ({ path }) => ({ title: `Count words in ${path}` }),
  async run({ path }, context) {
    // resolveWorkspacePath keeps the tool inside the workspace (no "..", no symlinks out).
    const { absolute, relative } = await resolveWorkspacePath(context.workspace.root, path);
    const text = await readFile(absolute, 'utf8');
    const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const words = text.split(/\s+/).filter(Boolean).length;
    const characters = [...text].length;
    return {
      output: `${relative}: ${lines} lines, ${words} words, ${characters} characters`,
      display: { kind: 'json', value: { lines, words, characters } },
    };
  },
});

/**
 * The plugin's default export: a factory called once when the plugin loads (it may also be a tool or an array).
 * @param {import('@wright/tools').ToolPluginContext} context
 */
export default function tools(context) {
  if (!context.cwd) throw new Error('word_count needs a working directory');
  return [wordCount];
}
