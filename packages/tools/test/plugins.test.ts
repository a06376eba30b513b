import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadToolPlugins } from '@wright/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let root: string;
const toolsEntry = path.resolve(import.meta.dirname, '../src/index.ts');

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'wright-plugins-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const plugin = async (name: string, body: string) => {
  const file = path.join(root, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `import { defineTool } from ${JSON.stringify(toolsEntry)};\nimport { z } from 'zod';\n${body}\n`,
  );
  return `./${name}`;
};

const goodTool = (name: string) =>
  `defineTool({ name: '${name}', description: 'Says hi.', effect: 'read', input: z.object({}), run: async () => 'hi' })`;

describe('loadToolPlugins', () => {
  it('loads a default-exported tool, an array, a factory and a named tools export', async () => {
    const specs = [
      await plugin('single.mjs', `export default ${goodTool('single')};`),
      await plugin('array.mjs', `export default [${goodTool('first')}, ${goodTool('second')}];`),
      await plugin(
        'factory.mjs',
        `export default (context) => ${goodTool('from_factory')}.name && [{ ...${goodTool('from_factory')}, description: 'cwd ' + context.cwd }];`,
      ),
      await plugin('named.mjs', `export const tools = [${goodTool('named')}];`),
    ];
    const tools = await loadToolPlugins(specs, { cwd: root });
    expect(tools.map((tool) => tool.name)).toEqual(['single', 'first', 'second', 'from_factory', 'named']);
    expect(tools[3]!.description).toBe(`cwd ${root}`);
    expect(await tools[0]!.run({}, {} as never)).toEqual({ output: 'hi' });
  });

  it('loads an npm package from node_modules through its exports', async () => {
    const directory = path.join(root, 'node_modules', 'wright-plugin-hello');
    await mkdir(path.join(directory, 'lib'), { recursive: true });
    await writeFile(
      path.join(directory, 'package.json'),
      JSON.stringify({
        name: 'wright-plugin-hello',
        type: 'module',
        exports: { '.': { import: './lib/main.js' } },
      }),
    );
    await writeFile(
      path.join(directory, 'lib', 'main.js'),
      // Built by hand (no imports): node_modules files are loaded by Node itself, not through vitest.
      `export default { name: 'hello', description: 'Says hello.', effect: 'read',
        parameters: { type: 'object', properties: {} },
        parse: (input) => ({ ok: true, value: input }), run: async () => ({ output: 'hello' }) };\n`,
    );
    const tools = await loadToolPlugins(['wright-plugin-hello'], { cwd: path.join(root, 'sub', 'dir') });
    expect(tools.map((tool) => tool.name)).toEqual(['hello']);
    expect(await tools[0]!.run({}, {} as never)).toEqual({ output: 'hello' });
  });

  it.each([
    [
      'bad-name.mjs',
      `export default { ...${goodTool('x')}, name: 'has space' };`,
      /Plugin ".\/bad-name\.mjs" \(\/.*\): tool "has space" has an invalid name/,
    ],
    [
      'no-description.mjs',
      `export default { ...${goodTool('x')}, description: '' };`,
      /Plugin ".\/no-description\.mjs" \(\/.*\): tool "x" has no description/,
    ],
    [
      'bad-effect.mjs',
      `export default { ...${goodTool('x')}, effect: 'delete' };`,
      /tool "x" has effect "delete"; use read, write, execute or network/,
    ],
    [
      'no-parameters.mjs',
      `export default { ...${goodTool('x')}, parameters: undefined };`,
      /tool "x" needs parameters/,
    ],
    ['no-run.mjs', `export default { ...${goodTool('x')}, run: 'nope' };`, /tool "x" has no run function/],
    [
      'no-parse.mjs',
      `export default { ...${goodTool('x')}, parse: undefined };`,
      /tool "x" has no parse function/,
    ],
    [
      'second-bad.mjs',
      `export default [${goodTool('ok')}, 42];`,
      /Plugin ".\/second-bad\.mjs" \(\/.*\/second-bad\.mjs\) \(tool #2\): expected a tool object, got number/,
    ],
    [
      'nothing.mjs',
      'export const other = 1;',
      /Plugin ".\/nothing\.mjs" \(\/.*\/nothing\.mjs\): it has neither a default export nor a "tools" export/,
    ],
    ['empty.mjs', 'export default [];', /returns no tools/],
    [
      'throws.mjs',
      'export default () => { throw new Error("no config"); };',
      /Plugin ".\/throws\.mjs" \(\/.*\/throws\.mjs\): its default export threw: no config \(line 3\)/,
    ],
    ['syntax.mjs', 'export default {', /Plugin ".\/syntax\.mjs" \(\/.*\/syntax\.mjs\): it failed to load: /],
  ])('rejects %s with an error naming the plugin', async (name, body, message) => {
    await expect(loadToolPlugins([await plugin(name, body)], { cwd: root })).rejects.toThrow(message);
  });

  it('says which file failed and why, and how to fix it', async () => {
    const error = await loadToolPlugins(
      [await plugin('bad-name2.mjs', `export default { ...${goodTool('x')}, name: 'has space' };`)],
      {
        cwd: root,
      },
    ).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      message: expect.stringMatching(
        /^Plugin ".\/bad-name2\.mjs" \(\/.*bad-name2\.mjs\): tool "has space" has an invalid name/,
      ),
      data: { hint: expect.stringMatching(/defineTool Wright passes/) },
    });
  });

  it('rejects missing plugins and duplicate tool names', async () => {
    await expect(loadToolPlugins(['./missing.mjs'], { cwd: root })).rejects.toThrow(
      /Plugin ".\/missing\.mjs": .* does not exist/,
    );
    await expect(loadToolPlugins(['not-installed-plugin'], { cwd: root })).rejects.toThrow(
      /Plugin "not-installed-plugin": package not found/,
    );
    const one = await plugin('dup-one.mjs', `export default ${goodTool('same')};`);
    const two = await plugin('dup-two.mjs', `export default ${goodTool('same')};`);
    await expect(loadToolPlugins([one, two], { cwd: root })).rejects.toThrow(
      'Plugin "./dup-two.mjs": tool "same" is already defined by plugin "./dup-one.mjs".',
    );
  });
});
