import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnyTool, ToolContext } from '@wright/core';
import { createBuiltinTools, createFileWorkspace } from '@wright/tools';
import { hasRipgrep } from '@wright/tools/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every path-taking argument of every built-in tool, fed the hostile paths: none may reach outside.
let base: string;
let root: string;
let outside: string;
let context: ToolContext;
let tools: Record<string, AnyTool>;
const hasRg = await hasRipgrep();

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'wright-hostile-')));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'src'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, 'src', 'a.ts'), 'inside\n');
  await writeFile(path.join(outside, 'secret.txt'), 'OUTSIDE-SECRET\n');
  await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link-out'));
  await symlink(outside, path.join(root, 'dir-out'));
  await symlink('../outside/new.txt', path.join(root, 'dangling-out'));
  await symlink('/proc/self/environ', path.join(root, 'environ'));
  await symlink('/dev/zero', path.join(root, 'zero'));
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  context = {
    workspace: await createFileWorkspace(root),
    signal: new AbortController().signal,
    callId: 'call-1',
    approve: async () => true,
    progress: () => {},
  };
  const outputDirectory = path.join(base, 'outputs');
  tools = Object.fromEntries(createBuiltinTools({ outputDirectory }).map((tool) => [tool.name, tool]));
});
afterAll(() => rm(base, { recursive: true, force: true }));

const hostile = [
  '..',
  '../outside/secret.txt',
  'src/../../outside/secret.txt',
  '../outside/new.txt',
  path.join('/', 'etc', 'passwd'),
  '/tmp',
  '/proc/self/environ',
  '/proc/1/cmdline',
  '/dev/zero',
  '/dev/null',
  '/sys/kernel',
  'link-out',
  'dir-out/secret.txt',
  'dir-out/new.txt',
  'dangling-out',
  'environ',
  'zero',
  'pipe',
];

async function call(name: string, input: Record<string, unknown>) {
  const tool = tools[name]!;
  const parsed = tool.parse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return tool.run(parsed.value, context);
}

const unifiedPatch = (file: string) => `--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-OUTSIDE-SECRET\n+pwned\n`;
const codexAdd = (file: string) => `*** Begin Patch\n*** Add File: ${file}\n+pwned\n*** End Patch\n`;

const calls: [string, (hostilePath: string) => Record<string, unknown>][] = [
  ['read_file', (target) => ({ path: target })],
  ['write_file', (target) => ({ path: target, content: 'pwned\n' })],
  ['edit_file', (target) => ({ path: target, old_string: 'OUTSIDE-SECRET', new_string: 'pwned' })],
  ['edit_file', (target) => ({ path: target, old_string: '', new_string: 'pwned\n' })],
  ['apply_patch', (target) => ({ patch: unifiedPatch(target) })],
  ['apply_patch', (target) => ({ patch: codexAdd(target) })],
  ['glob', (target) => ({ pattern: '*', path: target })],
  ['grep', (target) => ({ pattern: 'OUTSIDE', path: target })],
  ['shell', (target) => ({ command: 'pwd', cwd: target })],
];

describe('hostile paths through every tool', () => {
  it.each(calls)('%s refuses each hostile path and leaves the outside untouched', async (name, build) => {
    for (const target of hostile) {
      const result = await call(name, build(target));
      expect({ target, isError: result.isError }).toEqual({ target, isError: true });
      expect(result.output).not.toContain('OUTSIDE-SECRET');
    }
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('OUTSIDE-SECRET\n');
    expect(await readdir(outside)).toEqual(['secret.txt']);
  });

  it.each(hasRg ? ['js', 'rg'] : ['js'])('grep (%s) and glob never follow a symlink out', async (engine) => {
    const grep = createBuiltinTools({ grepEngine: engine as 'js' | 'rg' }).find(
      (tool) => tool.name === 'grep',
    )!;
    const found = await grep.run({ pattern: 'OUTSIDE' }, context);
    expect(found.output).toBe('No matches for "OUTSIDE".');
    const listed = await call('glob', { pattern: '**/*' });
    expect(listed.output).toBe('src/a.ts\n\n(1 file.)');
  });
});
