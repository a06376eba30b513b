import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultPathProtection, type FileChange, isWrightError, type PathProtection } from '@wright/core';
import { applyFileChanges, findProtectedParts } from '@wright/core/internal';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bytes = (text: string) => new TextEncoder().encode(text);
let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'wright-protected-')));
  root = path.join(base, 'root');
  await mkdir(path.join(root, '.git', 'hooks'), { recursive: true });
  await writeFile(path.join(root, '.git', 'config'), '[core]\n');
  await writeFile(path.join(root, 'a.txt'), 'alpha');
});
afterEach(() => rm(base, { recursive: true, force: true }));

const create = (file: string): FileChange => ({ path: file, before: null, after: bytes('planted') });

async function refusal(changes: FileChange[], protection?: PathProtection, toolName = 'write_file') {
  try {
    await applyFileChanges(root, changes, {
      origin: { toolName, callId: 'c1' },
      ...(protection ? { protection } : {}),
    });
  } catch (error) {
    if (isWrightError(error)) return error.message;
    throw error;
  }
  return undefined;
}

describe('findProtectedParts', () => {
  it('names .git and .wright at any depth, any case, and the configured globs', () => {
    const names = (file: string) =>
      findProtectedParts(file, ['.env*', 'config/secrets']).map((p) => p.prefix);
    expect(names('.git/config')).toEqual(['.git']);
    expect(names('.git')).toEqual(['.git']);
    expect(names('vendor/lib/.git/hooks/pre-commit')).toEqual(['vendor/lib/.git']);
    expect(names('.GIT/HOOKS/post-checkout')).toEqual(['.GIT']);
    expect(names('.Wright/config.json')).toEqual(['.Wright']);
    expect(names('deep/.wright/config.json')).toEqual(['deep/.wright']);
    expect(names('.ENV')).toEqual(['.ENV']);
    expect(names('app/.env.local')).toEqual(['app/.env.local']);
    expect(names('.envrc')).toEqual(['.envrc']);
    expect(names('config/secrets/key.pem')).toEqual(['config/secrets']);
    expect(names('CONFIG/Secrets')).toEqual(['CONFIG/Secrets']);
    expect(names('src/config/secrets')).toEqual([]);
    expect(names('src/git/config')).toEqual([]);
    expect(names('docs/env.md')).toEqual([]);
    expect(names('.gitignore')).toEqual([]);
    expect(names('.github/workflows/ci.yml')).toEqual([]);
  });

  it('sees through names file systems fold: trailing dots and spaces, ignorable code points, git~1', () => {
    const names = (file: string) => findProtectedParts(file, []).map((p) => p.name);
    expect(names('.git./config')).toEqual(['.git.']);
    expect(names('.git /config')).toEqual(['.git ']);
    expect(names('.g\u200cit/config')).toEqual(['.g\u200cit']);
    expect(names('GIT~1/config')).toEqual(['GIT~1']);
  });

  it('finds every path with a .git segment, whatever surrounds it', () => {
    const segment = fc.stringMatching(/^[a-zA-Z0-9._-]{1,8}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 4 }),
        fc.array(segment, { maxLength: 4 }),
        (before, after) => {
          const file = [...before, '.Git', ...after].join('/');
          expect(findProtectedParts(file, []).length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('protected paths in applyFileChanges', () => {
  it('refuses creating, changing, deleting and renaming into or out of .git by default', async () => {
    expect(await refusal([create('.git/hooks/pre-commit')])).toMatch(
      /Refused to change \.git\/hooks\/pre-commit: \.git is a protected path/,
    );
    expect(
      await refusal([
        { path: '.git/config', before: bytes('[core]\n'), after: bytes('[core]\nfsmonitor=x\n') },
      ]),
    ).toMatch(/protected/);
    expect(await refusal([{ path: '.git/config', before: bytes('[core]\n'), after: null }])).toMatch(
      /protected/,
    );
    expect(
      await refusal([
        { path: 'moved', renamedFrom: '.git/config', before: bytes('[core]\n'), after: bytes('[core]\n') },
      ]),
    ).toMatch(/Refused to change \.git\/config/);
    expect(
      await refusal([
        {
          path: '.git/hooks/post-merge',
          renamedFrom: 'a.txt',
          before: bytes('alpha'),
          after: bytes('alpha'),
        },
      ]),
    ).toMatch(/Refused to change \.git\/hooks\/post-merge/);
    expect(await refusal([create('.wright/config.json')])).toMatch(/Wright's project configuration/);
    expect(await refusal([create('.env')])).toMatch(/protected pattern "\.env\*"/);
    expect(await readFile(path.join(root, '.git', 'config'), 'utf8')).toBe('[core]\n');
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('alpha');
  });

  it('refuses a whole batch when one change is protected, and says how to allow it', async () => {
    const message = await refusal(
      [create('ok.txt'), create('.git/hooks/pre-push')],
      undefined,
      'apply_patch',
    );
    expect(message).toContain('"approval": { "allow": ["apply_patch(.git/hooks/pre-push)"] }');
    expect(message).toContain('in any approval mode');
    await expect(readFile(path.join(root, 'ok.txt'))).rejects.toThrow();
  });

  it('resolves symlinks first: a link into .git, a .git that is a link, a dangling link', async () => {
    await symlink('.git', path.join(root, 'innocent'));
    expect(await refusal([create('innocent/hooks/pre-commit')])).toMatch(
      /innocent\/hooks\/pre-commit \(that is \.git\/hooks\/pre-commit\)/,
    );
    await symlink('.git/config', path.join(root, 'cfg'));
    expect(
      await refusal([{ path: 'cfg', before: bytes('[core]\n'), after: bytes('[core]\nhooksPath=/tmp\n') }]),
    ).toMatch(/that is \.git\/config/);
    await symlink('.git/hooks/post-checkout', path.join(root, 'dangling'));
    expect(await refusal([create('dangling')])).toMatch(/protected/);
    await mkdir(path.join(root, 'data'));
    await rm(path.join(root, '.git'), { recursive: true });
    await symlink('data', path.join(root, '.git'));
    expect(await refusal([create('.git/config')])).toMatch(/Refused to change \.git\/config:/);
  });

  it('refuses the data directory of a repository under any name (bare, --separate-git-dir)', async () => {
    execFileSync('git', ['init', '-q', '--bare', path.join(root, 'fixtures', 'remote')]);
    expect(await refusal([create('fixtures/remote/hooks/post-receive')])).toMatch(
      /fixtures\/remote is a protected path \(it is a git repository's data directory/,
    );
  });

  it('opens a protected path only for an allow rule that spells the protected name out', async () => {
    const allow = (...rules: Array<{ tool: string; path: string }>): PathProtection => ({
      ...defaultPathProtection,
      allow: rules,
    });
    const broad = allow(
      { tool: 'write_file', path: '**' },
      { tool: '*', path: '**/*' },
      { tool: 'write_file', path: '.*/**' },
      { tool: 'write_file', path: '.[g]it/**' },
      { tool: 'write_file', path: '{.git,src}/**' },
    );
    expect(await refusal([create('.git/hooks/pre-commit')], broad)).toMatch(/protected/);
    expect(await refusal([create('.env')], allow({ tool: 'write_file', path: '.env*' }))).toMatch(
      /protected/,
    );
    expect(
      await refusal([create('.git/hooks/pre-commit')], allow({ tool: 'edit_file', path: '.git/**' })),
    ).toMatch(/protected/);
    expect(
      await refusal([create('.wright/.env')], allow({ tool: 'write_file', path: '.wright/**' })),
    ).toMatch(/\.wright\/\.env is a protected path/);
    expect(
      await refusal([create('.git/hooks/pre-commit')], allow({ tool: 'write_file', path: '.git/**' })),
    ).toBe(undefined);
    expect(await refusal([create('.env.example')], allow({ tool: '*', path: '**/.env.example' }))).toBe(
      undefined,
    );
    expect(await refusal([create('.wright/.env')], allow({ tool: 'write_file', path: '.wright/.env' }))).toBe(
      undefined,
    );
  });

  it('adds configured globs and keeps .git and .wright whatever the list says', async () => {
    const protection: PathProtection = { patterns: ['secrets/'], allow: [] };
    expect(await refusal([create('secrets/key.pem')], protection)).toMatch(/protected pattern "secrets\/"/);
    expect(await refusal([create('.git/hooks/pre-commit')], protection)).toMatch(/protected/);
    expect(await refusal([create('.env')], protection)).toBe(undefined);
  });
});
