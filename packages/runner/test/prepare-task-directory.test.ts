import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseTasks, prepareTaskDirectory } from '../src/index.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

const run = promisify(execFile);
const scratch = useScratchDirectory();

async function createOrigin(name: string): Promise<string> {
  const origin = nodePath.join(scratch.path, name);
  await mkdir(nodePath.join(origin, 'pkg'), { recursive: true });
  await writeFile(nodePath.join(origin, 'pkg', 'a.txt'), 'one\n');
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: origin });
  await git('init', '--quiet', '--initial-branch=main');
  await git('add', '.');
  await git('commit', '--quiet', '-m', 'one');
  await git('tag', 'v1');
  await writeFile(nodePath.join(origin, 'pkg', 'a.txt'), 'two\n');
  await git('commit', '--quiet', '-am', 'two');
  return origin;
}

describe('tasks with a repo', () => {
  it('accepts repo, ref and a cwd inside the clone; refuses what would be unsafe', () => {
    const [task] = parseTasks(
      '{"id":"t","repo":"https://h/r.git","ref":"v1","cwd":"pkg","prompt":"p"}',
      '/x/t.jsonl',
    );
    expect(task).toMatchObject({ repo: 'https://h/r.git', ref: 'v1', cwd: 'pkg' });
    expect(() => parseTasks('{"ref":"v1","cwd":".","prompt":"p"}', '/x/t.jsonl')).toThrow(
      '`ref` needs `repo`',
    );
    expect(() => parseTasks('{"repo":"r","ref":"--upload-pack=x","prompt":"p"}', '/x/t.jsonl')).toThrow(
      'may not start with "-"',
    );
    expect(() => parseTasks('{"repo":"r","cwd":"/etc","prompt":"p"}', '/x/t.jsonl')).toThrow('relative path');
    expect(() => parseTasks('{"prompt":"p"}', '/x/t.jsonl')).toThrow('`cwd` must be a non-empty string');
  });

  it('clones once per repository and ref, at the ref, and works in the named folder', async () => {
    const origin = await createOrigin('origin-a');
    const data = nodePath.join(scratch.path, 'data-a');
    const [atTag, atHead] = parseTasks(
      `{"id":"a","repo":${JSON.stringify(origin)},"ref":"v1","cwd":"pkg","prompt":"p"}\n` +
        `{"id":"b","repo":${JSON.stringify(origin)},"prompt":"p"}`,
      nodePath.join(scratch.path, 't.jsonl'),
    );
    const first = await prepareTaskDirectory(atTag!, data);
    expect(await readFile(nodePath.join(first, 'a.txt'), 'utf8')).toBe('one\n');
    expect(await prepareTaskDirectory(atTag!, data)).toBe(first);
    const second = await prepareTaskDirectory(atHead!, data);
    expect(await readFile(nodePath.join(second, 'pkg', 'a.txt'), 'utf8')).toBe('two\n');
  });

  it('refuses transports that run commands and names a missing ref', async () => {
    const data = nodePath.join(scratch.path, 'data-b');
    const marker = nodePath.join(scratch.path, 'pwned');
    const [hostile] = parseTasks(
      `{"id":"h","repo":"ext::sh -c touch% ${marker}","prompt":"p"}`,
      '/x/t.jsonl',
    );
    await expect(prepareTaskDirectory(hostile!, data)).rejects.toThrow('cannot clone');
    await expect(readFile(marker)).rejects.toThrow();
    const origin = await createOrigin('origin-b');
    const [missing] = parseTasks(
      `{"id":"m","repo":${JSON.stringify(origin)},"ref":"nope","prompt":"p"}`,
      '/x/t.jsonl',
    );
    await expect(prepareTaskDirectory(missing!, data)).rejects.toThrow('has no ref "nope"');
  });
});
