import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
// #region preset-imports
import { createCodingAgent } from '@wright/agent';
import { createGlmClient } from '@wright/core';
// #endregion preset-imports

/** Where the preset example talks to and works in. */
export type CodingAgentExampleOptions = {
  /** Z.AI's key, or the scripted server's. */
  apiKey: string;
  /** The scripted server in tests and offline runs; absent: Z.AI. */
  baseUrl?: string;
  /** A git repository to work in. */
  directory: string;
  /** Where sessions and checkpoints go (a temporary folder in tests). */
  dataDirectory: string;
};

/** What the example prints, and the run's outcome. */
export type CodingAgentExampleOutput = { lines: string[]; status: string; checkPassed: boolean };

/** The task of the example and the files it starts from: a test that fails until src/greet.js exists. */
export const greetTask =
  'Add src/greet.js exporting greet(name), which returns "Hello, <name>!", so the test passes.';
export const greetFiles: Record<string, string> = {
  'package.json': '{ "type": "module" }\n',
  'test/greet.test.js': [
    "import assert from 'node:assert/strict';",
    "import { test } from 'node:test';",
    "import { greet } from '../src/greet.js';",
    '',
    "test('greets', () => assert.equal(greet('Ada'), 'Hello, Ada!'));",
    '',
  ].join('\n'),
};

export async function runCodingAgentExample(
  options: CodingAgentExampleOptions,
): Promise<CodingAgentExampleOutput> {
  const lines: string[] = [];
  // #region preset
  const agent = createCodingAgent({
    cwd: options.directory,
    model: createGlmClient({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    }),
    dataDirectory: options.dataDirectory,
    approval: { mode: 'auto-edit', allow: ['shell(node --test*)'] },
    check: 'node --test',
    budget: { maxSteps: 20, maxCostUsd: 0.5 },
  });
  const run = agent.run(greetTask);
  for await (const event of run) {
    if (event.type === 'tool-exec-end') lines.push(`${event.name} → ${event.status}`);
    if (event.type === 'checkpoint') lines.push(`checkpoint: step ${event.step}`);
    if (event.type === 'check-end') lines.push(`check ${event.passed ? 'passed' : 'failed'}`);
  }
  const result = await run.result;
  lines.push(`${result.status} after ${result.steps} steps, session ${result.sessionId}`);
  // #endregion preset
  return { lines, status: result.status, checkPassed: result.check?.passed === true };
}

/** Creates the example's repository: the files above, committed. */
export async function createGreetRepository(directory: string): Promise<void> {
  for (const [path, text] of Object.entries(greetFiles)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), text);
  }
  const git = (...args: string[]) =>
    promisify(execFile)('git', ['-c', 'user.name=example', '-c', 'user.email=example@localhost', ...args], {
      cwd: directory,
    });
  await git('init', '--quiet');
  await git('add', '.');
  await git('commit', '--quiet', '--no-gpg-sign', '-m', 'start');
}
