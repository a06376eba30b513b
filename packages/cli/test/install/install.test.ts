import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
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

/** npm without pnpm's `npm_config_*` variables, so it behaves as it does in a user's shell. */
function plainEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^p?npm_/i.test(name)) env[name] = value;
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

beforeAll(async () => {
  scratch = await createScratch();
  const packed = join(scratch.root, 'packed');
  await run(process.execPath, [join(monorepo, 'scripts/package.mjs'), '--no-build', '--out', packed], {
    cwd: monorepo,
  });
  const tarballs = (await readdir(packed)).filter((name) => name.endsWith('.tgz'));
  prefix = join(scratch.root, 'prefix');
  await run(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...tarballs.map((name) => join(packed, name)),
    ],
    { cwd: scratch.root, env: plainEnvironment() },
  );
  project = await createGitRepo(scratch.root, { 'notes.txt': 'one\ntwo\nthree\n' }, 'someone-elses-project');
}, 240_000);

afterAll(async () => {
  await server?.close();
  await scratch?.cleanup();
});

describe('wright installed from the packed tarballs with npm', () => {
  it('installs every package outside the monorepo', async () => {
    const installed = await readdir(join(prefix, 'lib', 'node_modules', '@wright'));
    expect(installed.sort()).toEqual(['cli', 'core', 'runner', 'testing', 'tools']);
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
});
