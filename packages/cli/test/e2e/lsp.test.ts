import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { textTurn, toolCallTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { createGitRepo, parseJsonLines, useCliTest } from './cli-harness.js';

// Language servers in the loop: the real typescript-language-server and pyright, driven by scripted model turns.
// LSP is on by default and servers run inside the default sandbox (workspace-write, network off): these tests run
// them exactly as a user's `wright run` does.
const probingServer = fileURLToPath(
  new URL('../../../lsp/test/fixtures/probing-server.mjs', import.meta.url),
);

const cli = useCliTest();

/** The tool results the model was sent, in order. */
function toolResults(): string[] {
  const last = cli.server.requests.at(-1)?.body as { messages: Array<{ role: string; content: string }> };
  return last.messages.filter((message) => message.role === 'tool').map((message) => message.content);
}

/** The names of the tools offered to the model in the first request. */
function offeredTools(): string[] {
  const body = cli.server.requests[0]!.body as { tools: Array<{ function: { name: string } }> };
  return body.tools.map((tool) => tool.function.name);
}

async function run(repo: string, extraEnv: Record<string, string> = {}, flags: string[] = []) {
  return cli.run(
    ['run', '--base-url', cli.server.baseUrl, '--approval', 'full', ...flags, '--json', 'make the change'],
    { cwd: repo, env: { ...cli.env, ...extraEnv } },
  );
}

const typescriptProject = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext' } }),
  'package.json': JSON.stringify({ type: 'module' }),
  'src/math.ts': 'export function double(value: number): number {\n  return value * 2;\n}\n',
  'src/main.ts': "import { double } from './math.js';\n\nexport const four = double(2);\n",
};

/** A write_file call that puts a type error in src/use.ts (TS2322 at 3:14). */
const writeTypeError = {
  name: 'write_file',
  arguments: {
    path: 'src/use.ts',
    content: "import { double } from './math.js';\n\nexport const text: string = double(2);\n",
  },
};

describe('diagnostics after edits', () => {
  it('shows a type error in the edit that made it, and "no new errors" after the fix (TypeScript)', async () => {
    const repo = await createGitRepo(cli.scratch.root, typescriptProject);
    await cli.startServer({
      turns: [
        toolCallTurn([writeTypeError]),
        toolCallTurn([
          {
            name: 'write_file',
            arguments: {
              path: 'src/use.ts',
              content:
                "import { double } from './math.js';\n\nexport const text: string = String(double(2));\n",
            },
          },
        ]),
        textTurn('done'),
      ],
    });
    const result = await run(repo);
    expect(result.exitCode).toBe(0);
    const [broken, fixed] = toolResults();

    expect(broken).toContain(
      "src/use.ts:3:14 error TS2322: Type 'number' is not assignable to type 'string'.",
    );
    // tsserver ran inside the sandbox: nothing (typings cache, npm, logs) was written under HOME.
    expect(await filesUnder(cli.scratch.env.HOME!)).toEqual([]);
    expect(fixed).toContain('Diagnostics (typescript): no new errors.');
    const events = parseJsonLines(result.stdout);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'lsp-start', server: 'typescript', ok: true }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'diagnostics', path: 'src/use.ts', newErrors: 1 }),
    );
  }, 180_000);

  it('does the same for Python under pyright', async () => {
    const repo = await createGitRepo(cli.scratch.root, {
      'app.py': 'def double(value: int) -> int:\n    return value * 2\n',
    });
    await cli.startServer({
      turns: [
        toolCallTurn([
          {
            name: 'write_file',
            arguments: { path: 'use.py', content: 'from app import double\n\nresult: str = double(2)\n' },
          },
        ]),
        toolCallTurn([
          {
            name: 'write_file',
            arguments: { path: 'use.py', content: 'from app import double\n\nresult: int = double(2)\n' },
          },
        ]),
        textTurn('done'),
      ],
    });
    const result = await run(repo);
    expect(result.exitCode).toBe(0);
    const [broken, fixed] = toolResults();

    expect(broken).toMatch(
      /use\.py:3:15 error reportAssignmentType: Type "int" is not assignable to declared type "str"/,
    );
    expect(fixed).toContain('Diagnostics (python): no new errors.');
    expect(await filesUnder(cli.scratch.env.HOME!)).toEqual([]);
  }, 180_000);

  it('starts no server in a run that edits only text files, and none at all with --lsp off', async () => {
    const repo = await createGitRepo(cli.scratch.root, typescriptProject);
    const turns = () => [
      toolCallTurn([{ name: 'write_file', arguments: { path: 'notes.txt', content: 'plain text\n' } }]),
      textTurn('done'),
    ];
    await cli.startServer({ turns: turns() });
    const text = await run(repo);
    expect(text.exitCode).toBe(0);
    expect(toolResults()).toEqual(['Created notes.txt (1 line).']);
    expect(offeredTools()).toContain('lsp');
    expect(parseJsonLines(text.stdout).filter((event) => event.type === 'lsp-start')).toEqual([]);

    await cli.server.close();
    await cli.startServer({
      turns: [
        toolCallTurn([
          { name: 'write_file', arguments: { path: 'src/x.ts', content: 'export const x: string = 1;\n' } },
        ]),
        textTurn('done'),
      ],
    });
    const off = await run(repo, {}, ['--lsp', 'off']);
    expect(off.exitCode).toBe(0);
    expect(toolResults()).toEqual(['Created src/x.ts (1 line).']);
    expect(offeredTools()).not.toContain('lsp');
    expect(parseJsonLines(off.stdout).filter((event) => event.type === 'lsp-start')).toEqual([]);
  }, 180_000);

  it.each([
    ['exits at once', ['-e', 'process.exit(3)']],
    ['never answers', ['-e', 'setInterval(() => {}, 1000)']],
  ])(
    'keeps every edit working when the server %s',
    async (_, args) => {
      const repo = await createGitRepo(cli.scratch.root, typescriptProject);
      await mkdir(join(cli.scratch.root, 'config', 'wright'), { recursive: true });
      await writeFile(
        join(cli.scratch.root, 'config', 'wright', 'config.json'),
        JSON.stringify({
          lsp: {
            waitMs: 1000,
            servers: { typescript: { command: process.execPath, args, extensions: ['.ts'] } },
          },
        }),
      );
      await cli.startServer({
        turns: [
          toolCallTurn([
            { name: 'write_file', arguments: { path: 'src/a.ts', content: 'export const a = 1;\n' } },
          ]),
          toolCallTurn([
            { name: 'write_file', arguments: { path: 'src/b.ts', content: 'export const b = 2;\n' } },
          ]),
          textTurn('done'),
        ],
      });
      const result = await run(repo);
      expect(result.exitCode).toBe(0);
      const results = toolResults();
      expect(results).toHaveLength(2);
      for (const text of results) {
        expect(text).toMatch(/^Created src\/[ab]\.ts \(1 line\)\./);
        expect(text).toMatch(/Diagnostics unavailable for src\/[ab]\.ts: /);
      }
    },
    180_000,
  );
});

describe('diagnostics in chat', () => {
  it('keeps one server for the whole chat: started once, and the next prompt compares with the last', async () => {
    const repo = await createGitRepo(cli.scratch.root, typescriptProject);
    const fixed = {
      name: 'write_file',
      arguments: {
        path: 'src/use.ts',
        content: "import { double } from './math.js';\n\nexport const text: string = String(double(2));\n",
      },
    };
    await cli.startServer({
      turns: [
        (request) => {
          const messages = request.body.messages as Array<{ role: string; content: string }>;
          if (messages.at(-1)?.role === 'tool') return { content: 'done' };
          const prompt = messages.findLast((message) => message.role === 'user')?.content;
          return { toolCalls: [prompt === 'break it' ? writeTypeError : fixed] };
        },
      ],
      loop: true,
    });
    const chat = await cli.run(['chat', '--base-url', cli.server.baseUrl, '--approval', 'full'], {
      cwd: repo,
      input: 'break it\nfix it\n/exit\n',
    });
    expect(chat.exitCode).toBe(0);
    expect(chat.stdout.match(/lsp: typescript started/g)).toHaveLength(1);
    const [broken, repaired] = toolResults();
    expect(broken).toContain(
      "src/use.ts:3:14 error TS2322: Type 'number' is not assignable to type 'string'.",
    );
    expect(repaired).toContain('Diagnostics (typescript): no new errors.');
  }, 180_000);
});

describe('diagnostics in batch tasks', () => {
  it('appends the type error to the edit result of a task running in its own worktree', async () => {
    const repo = await createGitRepo(cli.scratch.root, typescriptProject);
    await cli.startServer({
      turns: [toolCallTurn([writeTypeError]), textTurn('done')],
    });
    const tasksFile = join(cli.scratch.root, 'tasks.jsonl');
    await writeFile(tasksFile, `${JSON.stringify({ id: 'typed', cwd: repo, prompt: 'add use.ts' })}\n`);
    const result = await cli.run(
      [
        'batch',
        tasksFile,
        '--concurrency',
        '1',
        '--results',
        join(cli.scratch.root, 'out', 'results.jsonl'),
        '--base-url',
        cli.server.baseUrl,
        '--approval',
        'full',
      ],
      { cwd: cli.scratch.root },
    );
    expect(result.exitCode).toBe(0);
    expect(offeredTools()).toContain('lsp');
    expect(toolResults()[0]).toContain(
      "src/use.ts:3:14 error TS2322: Type 'number' is not assignable to type 'string'.",
    );
  }, 180_000);
});

describe('language servers in the sandbox', () => {
  it('keeps a configured server from writing outside, reaching the network or seeing the provider key', async () => {
    const repo = await createGitRepo(cli.scratch.root, { 'notes.probe': 'x\n' });
    // Outside /tmp: inside the sandbox /tmp is a fresh one, so a folder there would prove nothing.
    const outside = await mkdtemp('/var/tmp/wright-lsp-e2e-outside-');
    const home = cli.scratch.env.HOME!;
    await mkdir(home, { recursive: true });
    try {
      await mkdir(join(cli.scratch.root, 'config', 'wright'), { recursive: true });
      await writeFile(
        join(cli.scratch.root, 'config', 'wright', 'config.json'),
        JSON.stringify({
          lsp: {
            servers: { probe: { command: process.execPath, args: [probingServer], extensions: ['.probe'] } },
          },
        }),
      );
      await cli.startServer({
        turns: [
          toolCallTurn([{ name: 'write_file', arguments: { path: 'notes.probe', content: 'y\n' } }]),
          textTurn('done'),
        ],
      });
      const result = await run(repo, { PROBE_WRITE: [outside, home, repo].join(':') });
      expect(result.exitCode).toBe(0);
      const [edited] = toolResults();
      expect(edited).toContain(`write ${outside}: EROFS`);
      expect(edited).toContain(`write ${home}: EROFS`);
      expect(edited).toContain(`write ${repo}: EROFS`);
      expect(edited).toContain('ZAI_API_KEY: absent');
      for (const folder of [outside, home, repo])
        await expect(stat(join(folder, 'written-by-server.txt'))).rejects.toThrow();
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('the lsp tool', () => {
  it('finds the definition and the references of a symbol across files', async () => {
    const repo = await createGitRepo(cli.scratch.root, {
      ...typescriptProject,
      'src/other.ts': "import { double } from './math.js';\n\nexport const eight = double(double(2));\n",
    });
    await cli.startServer({
      turns: [
        toolCallTurn([
          { name: 'lsp', arguments: { operation: 'definition', path: 'src/main.ts', line: 3, column: 21 } },
        ]),
        toolCallTurn([
          { name: 'lsp', arguments: { operation: 'references', path: 'src/math.ts', line: 1, column: 17 } },
        ]),
        textTurn('done'),
      ],
    });
    const result = await run(repo);
    expect(result.exitCode).toBe(0);
    const [definition, references] = toolResults();

    expect(definition).toContain('src/math.ts:1:17: export function double(value: number): number {');
    expect(references).toContain('6 references:');
    for (const location of [
      'math.ts:1:17',
      'main.ts:1:10',
      'main.ts:3:21',
      'other.ts:1:10',
      'other.ts:3:22',
      'other.ts:3:29',
    ])
      expect(references).toContain(`src/${location}: `);
  }, 180_000);
});

/** Every file under a folder (relative paths); none when it does not exist. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
}
