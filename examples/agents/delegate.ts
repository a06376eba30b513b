import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
// #region agents-imports
import { createCodingAgent } from '@wright/agent';
import { createGlmClient } from '@wright/core';
// #endregion agents-imports

/** Where the example talks to and works in. */
export type AgentsExampleOptions = {
  /** Z.AI's key, or the scripted server's. */
  apiKey: string;
  /** The scripted server in tests and offline runs; absent: Z.AI. */
  baseUrl?: string;
  /** A git repository to work in (see `createSampleRepository`). */
  directory: string;
  /** Where sessions and checkpoints go. */
  dataDirectory: string;
};

/** What the example prints, and the run's outcome. */
export type AgentsExampleOutput = {
  lines: string[];
  status: string;
  /** Tokens of the whole task, the subagents' included. */
  totalTokens: number;
  /** Tokens the subagents used, from their own `turn-end` events. */
  subagentTokens: number;
};

/** The task: small enough for a script, shaped like real delegation (two lookups, then an edit). */
export const agentsTask =
  'Make slugify() collapse repeated dashes. Find where it is defined and which tests cover it before editing.';

export async function runAgentsExample(options: AgentsExampleOptions): Promise<AgentsExampleOutput> {
  const lines: string[] = [];
  let subagentTokens = 0;
  // #region agents
  const agent = createCodingAgent({
    cwd: options.directory,
    model: createGlmClient({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    }),
    dataDirectory: options.dataDirectory,
    // Named agents come from .wright/agents/ and .claude/agents/ in `cwd` (and `userDirectory`, when given).
    subagents: { maxPerTurn: 4, budget: { maxSteps: 10 } },
  });
  const run = agent.run(agentsTask);
  for await (const event of run) {
    if (event.type === 'subagent-event') {
      // A subagent's own events arrive nested, with the id of the `task` call that started it.
      const inner = event.event;
      if (inner.type === 'tool-exec-end') lines.push(`  ${event.agent}: ${inner.name} → ${inner.status}`);
      if (inner.type === 'turn-end') subagentTokens += inner.usage.totalTokens;
    }
    if (event.type === 'tool-exec-end') lines.push(`${event.name} → ${event.status}`);
  }
  const result = await run.result;
  // The task's usage includes every subagent's.
  lines.push(`${result.status}: ${result.usage.totalTokens} tokens, ${subagentTokens} of them by subagents`);
  // #endregion agents
  return {
    lines,
    status: result.status,
    totalTokens: result.usage.totalTokens,
    subagentTokens,
  };
}

/** The sample project: slugify with its test, and the two agent files (Wright's format and Claude Code's). */
export async function createSampleRepository(directory: string): Promise<void> {
  const files: Record<string, string> = {
    'package.json': '{ "type": "module" }\n',
    'src/slugify.js':
      'export function slugify(text) {\n  return text.toLowerCase().replace(/[^a-z0-9]/g, "-");\n}\n',
    'src/index.js': 'export { slugify } from "./slugify.js";\n',
    'test/slugify.test.js': [
      "import assert from 'node:assert/strict';",
      "import { test } from 'node:test';",
      "import { slugify } from '../src/slugify.js';",
      '',
      "test('slugify', () => assert.equal(slugify('A  b'), 'a-b'));",
      '',
    ].join('\n'),
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), text);
  }
  const agentFiles = fileURLToPath(new URL('./agent-files/', import.meta.url));
  await mkdir(join(directory, '.wright/agents'), { recursive: true });
  await mkdir(join(directory, '.claude/agents'), { recursive: true });
  await copyFile(join(agentFiles, 'wright/test-finder.md'), join(directory, '.wright/agents/test-finder.md'));
  await copyFile(join(agentFiles, 'claude/code-finder.md'), join(directory, '.claude/agents/code-finder.md'));
  const git = (...args: string[]) =>
    promisify(execFile)('git', ['-c', 'user.name=example', '-c', 'user.email=example@localhost', ...args], {
      cwd: directory,
    });
  await git('init', '--quiet');
  await git('add', '.');
  await git('commit', '--quiet', '--no-gpg-sign', '-m', 'start');
}
