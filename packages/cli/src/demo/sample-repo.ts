import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { hardenedGitOptions } from '@wright/runner/internal';

const run = promisify(execFile);

/** The demo's task, as the user would type it. */
export const demoTask =
  'The test suite fails (run `node --test`). Find the bug in src/, fix it with the smallest change, and check that the tests pass.';

/** The demo's verification command. */
export const demoCheck = 'node --test';

/** Files of the sample repository: a tiny library whose `range` stops one element early. */
export const sampleFiles: Record<string, string> = {
  'package.json': `${JSON.stringify(
    { name: 'wright-demo-sample', private: true, type: 'module', scripts: { test: 'node --test' } },
    null,
    2,
  )}\n`,
  'AGENTS.md': '# Sample project\n\nRun `node --test` to check your work. Keep changes minimal.\n',
  'src/range.js': [
    '/** The integers from `start` (inclusive) to `end` (exclusive). */',
    'export function range(start, end) {',
    '  const numbers = [];',
    '  for (let value = start; value < end - 1; value += 1) numbers.push(value);',
    '  return numbers;',
    '}',
    '',
  ].join('\n'),
  'test/range.test.js': [
    "import assert from 'node:assert/strict';",
    "import { test } from 'node:test';",
    "import { range } from '../src/range.js';",
    '',
    "test('range counts from start up to, but not including, end', () => {",
    '  assert.deepEqual(range(1, 4), [1, 2, 3]);',
    '  assert.deepEqual(range(0, 1), [0]);',
    '  assert.deepEqual(range(3, 3), []);',
    '});',
    '',
  ].join('\n'),
};

/** Creates the sample repository in a fresh temp directory (a git repo with one commit) and returns its path. */
export async function createSampleRepo(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'wright-demo-'));
  for (const [path, content] of Object.entries(sampleFiles)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), content);
  }
  const identity = ['-c', 'user.name=Wright Demo', '-c', 'user.email=demo@wright.invalid'];
  // Hardened like every git call of Wright's: the user's global hooks, fsmonitor or filters never run here.
  const git = (...args: string[]) => run('git', [...hardenedGitOptions, ...args], { cwd: directory });
  await git('init', '--quiet', '--initial-branch=main');
  await git('add', '.');
  await git(...identity, 'commit', '--quiet', '--no-gpg-sign', '-m', 'Sample project');
  return directory;
}
