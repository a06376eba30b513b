import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, git, useCliTest } from '../cli-harness.js';
import { runModelCommands } from './sandbox-harness.js';

// Through the real CLI with default sandbox flags and --approval full. Uses the system's bwrap and fails (never
// skips) without it: CI installs bubblewrap.
const cli = useCliTest({ files: { 'README.md': '# sample\n', '.wright/notes.md': 'mine\n' } });
let outside: string;

beforeEach(async () => {
  await mkdir(cli.scratch.env.HOME!, { recursive: true });
  // /tmp is replaced inside the sandbox, so "outside the workspace" is also tested on a folder elsewhere.
  outside = await mkdtemp('/var/tmp/wright-e2e-outside-');
});
afterEach(async () => {
  await rm(outside, { recursive: true, force: true });
});

const env = () => ({ ...cli.scratch.env, ZAI_API_KEY: 'test-key' });

describe('wright run: the sandbox keeps writes in the workspace', () => {
  it('writes inside succeed; writes outside, into .git and into .wright fail with a note, and nothing changes', async () => {
    const hooksBefore = await readdir(join(cli.repo, '.git', 'hooks'));
    const configBefore = await readFile(join(cli.repo, '.git', 'config'), 'utf8');
    const { run, outputs } = await runModelCommands({
      repo: cli.repo,
      env: env(),
      commands: [
        'echo made > inside.txt && mkdir -p src && echo code > src/new.js && cat inside.txt',
        `echo escaped > ${outside}/escaped.txt`,
        'echo escaped > "$HOME/.bashrc"',
        'printf "#!/bin/sh\\ntouch /tmp/pwned\\n" > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit',
        'printf "[core]\\n\\tfsmonitor = touch /tmp/pwned\\n" >> .git/config',
        'echo \'{"approval":{"mode":"full"}}\' > .wright/config.json',
        'echo changed > .wright/notes.md',
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(outputs[0]).toContain('made\n[Exit code 0]');
    expect(await readFile(join(cli.repo, 'inside.txt'), 'utf8')).toBe('made\n');
    expect(await readFile(join(cli.repo, 'src', 'new.js'), 'utf8')).toBe('code\n');
    for (const output of outputs.slice(1)) {
      expect(output).toContain('Read-only file system');
      expect(output).toContain('[Sandbox: The sandbox (workspace-write) blocked a write');
    }
    await expect(stat(join(outside, 'escaped.txt'))).rejects.toThrow();
    await expect(stat(join(cli.scratch.env.HOME!, '.bashrc'))).rejects.toThrow();
    expect(await readdir(join(cli.repo, '.git', 'hooks'))).toEqual(hooksBefore);
    expect(await readFile(join(cli.repo, '.git', 'config'), 'utf8')).toBe(configBefore);
    await expect(stat(join(cli.repo, '.wright', 'config.json'))).rejects.toThrow();
    expect(await readFile(join(cli.repo, '.wright', 'notes.md'), 'utf8')).toBe('mine\n');
    expect(await git(cli.repo, 'status', '--porcelain')).toBe('?? inside.txt\n?? src/\n');
  });

  it('protects .wright even when the repository has none, and the worktree and its .git file in --worktree', async () => {
    const bare = await createGitRepo(cli.scratch.root, { 'a.txt': 'a\n' }, 'bare-repo');
    const { run, outputs, events } = await runModelCommands({
      repo: bare,
      env: env(),
      flags: ['--worktree'],
      commands: [
        'pwd && echo b > b.txt && git status --short',
        'mkdir -p .wright && echo "{}" > .wright/config.json',
        'echo "gitdir: /tmp/fake" > .git',
        `echo x > ${bare}/a.txt`,
      ],
    });
    expect(run.exitCode).toBe(0);
    const start = events.find((event) => event.type === 'task-start') as { root: string } | undefined;
    const worktree = start?.root ?? '';
    expect(worktree).not.toBe(bare);
    expect(outputs[0]).toContain(worktree);
    // git works in the worktree: its git directory in the user's repository stays readable.
    expect(outputs[0]).toContain('?? b.txt\n[Exit code 0]');
    expect(await readFile(join(worktree, 'b.txt'), 'utf8')).toBe('b\n');
    expect(outputs[1]).toContain('Read-only file system');
    await expect(stat(join(worktree, '.wright', 'config.json'))).rejects.toThrow();
    expect(outputs[2]).toContain('Read-only file system');
    expect(await readFile(join(worktree, '.git'), 'utf8')).toMatch(/^gitdir: /);
    expect(await readFile(join(worktree, '.git'), 'utf8')).not.toContain('/tmp/fake');
    // The user's checkout is outside the worktree: read-only, or (under /tmp, which the sandbox replaces) only a
    // private in-memory copy of its path exists inside; either way the real file is untouched.
    expect(await readFile(join(bare, 'a.txt'), 'utf8')).toBe('a\n');
  });

  it("gives a --worktree run the checkout's installed node_modules, read-only, and its check passes as in place", async () => {
    const project = await createGitRepo(
      cli.scratch.root,
      {
        '.gitignore': 'node_modules/\n',
        'package.json': '{"name":"uses-dep","private":true}\n',
        'test/dep.test.js':
          "const test = require('node:test');\nconst assert = require('node:assert');\ntest('dep', () => assert.equal(require('dep'), 'dep from the checkout'));\n",
      },
      'uses-dep',
    );
    await mkdir(join(project, 'node_modules', 'dep'), { recursive: true });
    await writeFile(
      join(project, 'node_modules', 'dep', 'index.js'),
      'module.exports = "dep from the checkout";\n',
    );
    const { run, outputs, events } = await runModelCommands({
      repo: project,
      env: env(),
      flags: ['--worktree', '--check', 'node --test'],
      commands: ['node -e "console.log(require(\'dep\'))"', 'echo x > ../node_modules/dep/planted.js'],
    });
    expect(run.exitCode).toBe(0);
    expect(outputs[0]).toContain('dep from the checkout');
    expect(outputs[1]).toContain('Read-only file system');
    await expect(stat(join(project, 'node_modules', 'dep', 'planted.js'))).rejects.toThrow();
    expect(events.at(-1)).toMatchObject({ type: 'result', check: { passed: true } });
  });

  it('read-only mode writes nothing but /tmp', async () => {
    const { outputs } = await runModelCommands({
      repo: cli.repo,
      env: env(),
      flags: ['--sandbox', 'read-only'],
      commands: ['echo t > /tmp/t && cat /tmp/t && echo x > inside.txt'],
    });
    expect(outputs[0]).toContain('t\n');
    expect(outputs[0]).toContain(
      '[Sandbox: The sandbox (read-only) blocked a write: nothing is writable but /tmp',
    );
    await expect(stat(join(cli.repo, 'inside.txt'))).rejects.toThrow();
  });

  it('hides HOME credential stores and Wright own folders', async () => {
    const home = cli.scratch.env.HOME!;
    await mkdir(join(home, '.ssh'), { recursive: true });
    await writeFile(join(home, '.ssh', 'id_ed25519'), 'PRIVATE-KEY-MATERIAL');
    await writeFile(join(home, '.netrc'), 'machine x login y password NETRC-PASSWORD');
    await mkdir(join(cli.scratch.env.XDG_CONFIG_HOME!, 'wright'), { recursive: true });
    await writeFile(
      join(cli.scratch.env.XDG_CONFIG_HOME!, 'wright', 'config.json'),
      '{"secretEnv":["USER_CONFIG_MARK"]}',
    );
    const { outputs } = await runModelCommands({
      repo: cli.repo,
      env: env(),
      commands: [
        'ls -A ~/.ssh; cat ~/.ssh/id_ed25519; cat ~/.netrc; echo end',
        `ls -A "${cli.scratch.home}" | wc -l; cat "${cli.scratch.env.XDG_CONFIG_HOME}/wright/config.json"; echo end`,
      ],
    });
    expect(outputs[0]).not.toContain('PRIVATE-KEY-MATERIAL');
    expect(outputs[0]).not.toContain('NETRC-PASSWORD');
    expect(outputs[1]).toMatch(/^0\n/);
    expect(outputs[1]).not.toContain('USER_CONFIG_MARK');
  });
});
