// @ts-check
// A Wright tool plugin. It imports nothing from Wright: the default export receives the host's API (defineTool, z,
// resolveWorkspacePath, ...) and returns tools, so it runs with nothing installed next to it. Point Wright at it
// with `plugins: ["./examples/custom-tool"]` in .wright/config.json, or load it with loadToolPlugins.
import { readFile } from 'node:fs/promises';

// #region plugin
/** @type {import('@wright/plugin').WrightPlugin} */
export default function wordCountPlugin({ defineTool, z, resolveWorkspacePath }) {
  const wordCount = defineTool({
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
  return [wordCount];
}
// #endregion plugin
