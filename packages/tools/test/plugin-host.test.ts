import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { loadToolPlugins } from '@wright/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKit } from './tool-context.js';

// Plugins written the way a user outside the monorepo writes them: in a temporary folder with no node_modules, so
// `@wright/tools` and `zod` cannot be imported; everything comes from the host API.
let root: string;
let kit: Awaited<ReturnType<typeof createTestKit>>;
const zodThreeEntry = createRequire(import.meta.url).resolve('zod3');

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'wright-plugin-host-'));
  kit = await createTestKit();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await kit.cleanup();
});

async function write(name: string, text: string): Promise<string> {
  const file = path.join(root, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return `./${name}`;
}

const shoutTool = `defineTool({
    name: 'shout',
    description: 'Upper-cases a text.',
    effect: 'read',
    input: z.object({ text: z.string().min(1) }),
    run: async ({ text }) => text.toUpperCase(),
  })`;

describe('plugins that import nothing', () => {
  it('loads an .mjs plugin whose default export receives the host API', async () => {
    const spec = await write(
      'tools/shout.mjs',
      `export default ({ defineTool, z, cwd, spec, file, apiVersion }) => {
  if (apiVersion !== 1) throw new Error('unexpected API version');
  return [${shoutTool}, defineTool({
    name: 'where',
    description: 'Says where the plugin was loaded from.',
    effect: 'read',
    input: z.object({}),
    run: async () => JSON.stringify({ cwd, spec, file }),
  })];
};
`,
    );
    const [shout, where] = await loadToolPlugins([spec], { cwd: root });
    expect(shout?.parse({ text: '' })).toEqual({
      ok: false,
      message: 'Invalid arguments: `text` must be at least 1 characters.',
    });
    expect(await shout?.run({ text: 'hi' }, kit.context)).toEqual({ output: 'HI' });
    const said = JSON.parse((await where?.run({}, kit.context))?.output ?? '{}');
    expect(said).toEqual({ cwd: root, spec, file: path.join(root, 'tools/shout.mjs') });
  });

  it('gives plugins the scrubbed child environment and the redactor, with the secret policy of the run', async () => {
    const spec = await write(
      'tools/env.mjs',
      `import { execFileSync } from 'node:child_process';
export default ({ defineTool, z, childEnvironment, redactSecrets }) => defineTool({
  name: 'show_env',
  description: 'Prints the environment of a child process.',
  effect: 'execute',
  input: z.object({}),
  run: async () => {
    const { env, secrets } = childEnvironment({ EXTRA: 'yes' });
    const output = execFileSync('sh', ['-c', 'env; echo "$PLUGIN_KEY_VALUE_NAME"'], { env, encoding: 'utf8' });
    return redactSecrets(output + process.env.PLUGIN_PROVIDER, secrets);
  },
});
`,
    );
    process.env.PLUGIN_PROVIDER = 'plugin-provider-secret';
    process.env.PLUGIN_TOKEN = 'plugin-token-value';
    try {
      const [tool] = await loadToolPlugins([spec], {
        cwd: root,
        secrets: { secretEnv: ['PLUGIN_PROVIDER'] },
      });
      const output = (await tool?.run({}, kit.context))?.output ?? '';
      expect(output).toContain('EXTRA=yes');
      expect(output).not.toContain('PLUGIN_TOKEN=');
      expect(output).not.toContain('PLUGIN_PROVIDER=');
      expect(output).toMatch(/\[redacted\]$/);
    } finally {
      delete process.env.PLUGIN_PROVIDER;
      delete process.env.PLUGIN_TOKEN;
    }
  });

  it('loads a .ts plugin with types, a type-only import and a TypeScript helper module', async () => {
    await write(
      'ts/helper.ts',
      `export function exclaim(text: string, times: number = 1): string {\n  return text + '!'.repeat(times);\n}\n`,
    );
    const spec = await write(
      'ts/plugin.ts',
      `import type { PluginHost, WrightPlugin } from '@wright/plugin';
import { exclaim } from './helper.ts';

interface Options { times: number }
const options: Options = { times: 2 };

const plugin: WrightPlugin = ({ defineTool, z }: PluginHost) =>
  defineTool({
    name: 'exclaim',
    description: 'Adds exclamation marks.',
    effect: 'read',
    input: z.object({ text: z.string() }),
    run: async ({ text }) => exclaim(text, options.times),
  });
export default plugin;
`,
    );
    const [tool] = await loadToolPlugins([spec], { cwd: root });
    expect(tool?.name).toBe('exclaim');
    expect(await tool?.run({ text: 'hi' }, kit.context)).toEqual({ output: 'hi!!' });
  });

  it('names the .ts file and the cause when it does not compile', async () => {
    const spec = await write('ts/broken.ts', 'export default (host: { z: unknown } => [];\n');
    await expect(loadToolPlugins([spec], { cwd: root })).rejects.toThrow(
      /^Plugin ".\/ts\/broken\.ts" \(\/.*\/ts\/broken\.ts\): it failed to load: .* \(line 1, column \d+\)$/,
    );
  });

  it('a plugin with zod 3 installed works through the host z, and gets a clear message when it passes zod 3', async () => {
    const works = await write(
      'zod3/works.mjs',
      `import { z as zodThree } from ${JSON.stringify(zodThreeEntry)};
const label = zodThree.string().parse('from zod 3');
export default ({ defineTool, z }) => ${shoutTool.replace("'Upper-cases a text.'", 'label')};
`,
    );
    const [tool] = await loadToolPlugins([works], { cwd: root });
    expect(tool?.description).toBe('from zod 3');
    expect(tool?.parameters).toMatchObject({ type: 'object', required: ['text'] });

    const breaks = await write(
      'zod3/breaks.mjs',
      `import { z } from ${JSON.stringify(zodThreeEntry)};
export default ({ defineTool }) => ${shoutTool};
`,
    );
    const error = await loadToolPlugins([breaks], { cwd: root }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      message: expect.stringMatching(
        /^Plugin ".\/zod3\/breaks\.mjs" \(.*\): Tool "shout": its input schema was built with zod 3, and Wright needs zod 4\.$/,
      ),
      data: { hint: expect.stringContaining('export default ({ defineTool, z }) =>') },
    });
  });

  // The old form importing '@wright/tools' where it is not installed is tested with real Node by the CLI's install
  // test: under vitest, aliases would resolve the import.
  it('names the line of the plugin that threw', async () => {
    const spec = await write(
      'throws.mjs',
      `export default () => {\n  throw new Error('no token configured');\n};\n`,
    );
    await expect(loadToolPlugins([spec], { cwd: root })).rejects.toThrow(
      /throws\.mjs\): its default export threw: no token configured \(line 2\)$/,
    );
  });
});
