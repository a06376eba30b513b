import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ScriptedServer, startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, type Scratch } from '../e2e/cli-harness.js';

// Wright as a user gets it: `pnpm package` packs every package, plain npm installs the tarballs into a fresh global
// prefix, and the installed `wright` runs from a directory that has nothing to do with the monorepo.
const monorepo = fileURLToPath(new URL('../../../../', import.meta.url));
const run = promisify(execFile);

let scratch: Scratch;
let prefix: string;
let project: string;
let server: ScriptedServer | undefined;

/**
 * npm without the `npm_*` variables pnpm sets for its scripts (lifecycle, package, pnpm's own rc files), so it
 * behaves as it does in a user's shell; but with the settings that say how to reach the registry (its address,
 * certificates, proxy, credentials, cache), which a CI machine may give only through the environment.
 */
function plainEnvironment(): Record<string, string> {
  const reachRegistry =
    /registry|cafile|^npm_config_(ca|cert|key|strict_ssl|proxy|https_proxy|noproxy|cache)$|auth/i;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^p?npm_/i.test(name) && !reachRegistry.test(name)) continue;
    env[name] = value;
  }
  return env;
}

/** Runs the installed `wright` (found on PATH, like a user's shell finds it) in the unrelated project. */
async function wright(args: string[], extraEnv: Record<string, string> = {}) {
  const env = { ...scratch.env, PATH: `${join(prefix, 'bin')}:${scratch.env.PATH}`, ...extraEnv };
  try {
    const { stdout, stderr } = await run('wright', args, { cwd: project, env });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * Runs one set-up step with its own deadline. A step that fails or runs out of time throws with what the command
 * printed last, so a CI log says which step stalled and why (npm at `http` log level names every fetch).
 */
async function setUpStep(
  label: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
) {
  const started = Date.now();
  try {
    await run(command, args, {
      ...options,
      timeout: setUpStepTimeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; killed?: boolean; message: string };
    const printed = `${failed.stdout ?? ''}\n${failed.stderr ?? ''}`.trim().split('\n').slice(-60).join('\n');
    const reason = failed.killed
      ? `ran out of its ${setUpStepTimeoutMs / 1000} s`
      : failed.message.split('\n')[0];
    throw new Error(
      `install test set-up: ${label} failed after ${Date.now() - started} ms (${reason}); it printed last:\n${printed}`,
    );
  }
  console.log(`install test set-up: ${label} took ${Date.now() - started} ms`);
}

// A fresh CI machine has an empty npm cache, so the install downloads every dependency (about 60 MB).
const setUpStepTimeoutMs = 420_000;

beforeAll(
  async () => {
    scratch = await createScratch();
    const packed = join(scratch.root, 'packed');
    await setUpStep(
      'pnpm package',
      process.execPath,
      [join(monorepo, 'scripts/package.mjs'), '--no-build', '--out', packed],
      {
        cwd: monorepo,
      },
    );
    const tarballs = (await readdir(packed)).filter((name) => name.endsWith('.tgz'));
    prefix = join(scratch.root, 'prefix');
    // npm reads its global settings (the machine's certificates, say) from `<prefix>/etc/npmrc`, so a `--prefix` of our
    // own would lose them; a user's `npm i -g` reads them from npm's default prefix, which this names.
    const globalConfig = (
      await run('npm', ['config', 'get', 'globalconfig'], { cwd: scratch.root, env: plainEnvironment() })
    ).stdout.trim();
    await setUpStep(
      'npm install --global',
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--globalconfig',
        globalConfig,
        '--no-audit',
        '--no-fund',
        '--no-update-notifier',
        '--prefer-offline',
        '--loglevel=http',
        ...tarballs.map((name) => join(packed, name)),
      ],
      { cwd: scratch.root, env: plainEnvironment() },
    );
    project = await createGitRepo(
      scratch.root,
      { 'notes.txt': 'one\ntwo\nthree\n' },
      'someone-elses-project',
    );
  },
  2 * setUpStepTimeoutMs + 60_000,
);

afterAll(async () => {
  await server?.close();
  await scratch?.cleanup();
});

describe('wright installed from the packed tarballs with npm', () => {
  it('installs every package outside the monorepo', async () => {
    const installed = await readdir(join(prefix, 'lib', 'node_modules', '@wright'));
    expect(installed.sort()).toEqual([
      'agent',
      'cli',
      'core',
      'lsp',
      'plugin',
      'queue',
      'runner',
      'testing',
      'tools',
    ]);
    // Nothing links back into the monorepo: the CLI resolves its dependencies inside the prefix.
    const manifest = JSON.parse(
      await readFile(join(prefix, 'lib', 'node_modules', '@wright', 'cli', 'package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };
    expect(Object.values(manifest.dependencies).some((range) => range.startsWith('workspace:'))).toBe(false);
  });

  it('wright --version prints the CLI package version', async () => {
    const expected = JSON.parse(await readFile(join(monorepo, 'packages/cli/package.json'), 'utf8')) as {
      version: string;
    };
    const result = await wright(['--version']);
    expect(result).toMatchObject({ exitCode: 0, stdout: `${expected.version}\n` });
  });

  it('wright apply patches the current directory', async () => {
    const patch = [
      '--- a/notes.txt',
      '+++ b/notes.txt',
      '@@ -1,3 +1,3 @@',
      ' one',
      '-two',
      '+TWO',
      ' three',
      '',
    ].join('\n');
    await writeFile(join(scratch.root, 'change.patch'), patch);
    const result = await wright(['apply', join(scratch.root, 'change.patch')]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(project, 'notes.txt'), 'utf8')).toBe('one\nTWO\nthree\n');
  });

  it('wright run works on the current directory against a scripted model', async () => {
    server = await startScriptedServer({
      turns: [
        toolCallTurn([{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }]),
        textTurn('Wrote hello.txt.'),
      ],
    });
    const result = await wright(['run', '--base-url', server.baseUrl, '--json', 'write hello.txt'], {
      ZAI_API_KEY: 'test-key',
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(project, 'hello.txt'), 'utf8')).toBe('hello\n');
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'result', status: 'finished', changedFiles: ['hello.txt'] });
  });

  it('loads .mjs and .ts plugins written in the project, with nothing installed, and the model calls them', async () => {
    await mkdir(join(project, 'wright-tools'), { recursive: true });
    await writeFile(
      join(project, 'wright-tools', 'count-lines.mjs'),
      `/** @type {import('@wright/plugin').WrightPlugin} */
export default ({ defineTool, z, resolveWorkspacePath }) =>
  defineTool({
    name: 'count_lines',
    description: 'Counts the lines of a workspace file.',
    effect: 'read',
    input: z.object({ path: z.string() }),
    async run({ path }, context) {
      const { readFile } = await import('node:fs/promises');
      const { absolute } = await resolveWorkspacePath(context.workspace.root, path);
      return \`\${path}: \${(await readFile(absolute, 'utf8')).split('\\n').length - 1} lines\`;
    },
  });
`,
    );
    await writeFile(
      join(project, 'wright-tools', 'reverse.ts'),
      `import type { WrightPlugin } from '@wright/plugin';

type Input = { text: string };
const reverse = (input: Input): string => [...input.text].reverse().join('');

const plugin: WrightPlugin = ({ defineTool, z }) => [
  defineTool({
    name: 'reverse_text',
    description: 'Reverses a text.',
    effect: 'read',
    input: z.object({ text: z.string() }),
    run: async (input) => reverse(input),
  }),
];
export default plugin;
`,
    );
    await mkdir(join(project, '.wright'), { recursive: true });
    await writeFile(
      join(project, '.wright', 'config.json'),
      JSON.stringify({ plugins: ['./wright-tools/count-lines.mjs', './wright-tools/reverse.ts'] }),
    );
    // Plugins from a project config load once the user trusts the project.
    expect((await wright(['trust'], {})).exitCode).toBe(0);
    await server?.close();
    server = await startScriptedServer({
      turns: [
        toolCallTurn([
          { name: 'count_lines', arguments: { path: 'notes.txt' } },
          { name: 'reverse_text', arguments: { text: 'wright' } },
        ]),
        textTurn('Done.'),
      ],
    });
    const result = await wright(['run', '--base-url', server.baseUrl, '--json', 'use the plugins'], {
      ZAI_API_KEY: 'test-key',
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const outputs = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; name?: string; result?: { output: string } })
      .filter((event) => event.type === 'tool-exec-end')
      .map((event) => [event.name, event.result?.output])
      .sort();
    // Read calls of one turn run concurrently, so their results arrive in any order.
    expect(outputs).toEqual([
      ['count_lines', 'notes.txt: 3 lines'],
      ['reverse_text', 'thgirw'],
    ]);
    // The request listed both plugin tools next to the built-in ones.
    const tools = (server.requests[0]?.body.tools ?? []) as Array<{ function: { name: string } }>;
    const names = tools.map((tool) => tool.function.name);
    expect(names).toEqual(expect.arrayContaining(['count_lines', 'reverse_text', 'read_file']));
  });

  it('tells the author of an old-form plugin importing @wright/tools how to migrate', async () => {
    await writeFile(
      join(project, 'wright-tools', 'old.mjs'),
      "import { defineTool } from '@wright/tools';\nexport default [];\n",
    );
    await writeFile(
      join(project, '.wright', 'config.json'),
      JSON.stringify({ plugins: ['./wright-tools/old.mjs'] }),
    );
    expect((await wright(['trust'], {})).exitCode).toBe(0);
    const result = await wright(['run', '--base-url', 'http://127.0.0.1:9/v1', 'anything'], {
      ZAI_API_KEY: 'test-key',
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `wright: Plugin ${join(project, 'wright-tools', 'old.mjs')}: it imports '@wright/tools', which is not installed next to it; plugins need nothing installed: export default ({ defineTool, z }) => [...] and use what Wright passes in, with 'import type' for editor help (see docs/plugins.md)\n`,
    );
  });
});
