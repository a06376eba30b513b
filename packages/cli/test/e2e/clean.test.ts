import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGitRepo,
  createScratch,
  git,
  parseJsonLines,
  runCliProcess,
  type Scratch,
} from './cli-harness.js';

let scratch: Scratch;
let server: ScriptedServer | undefined;
let repo: string;
let env: Record<string, string>;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, { 'README.md': '# project\n' }, 'project');
  env = { ...scratch.env, ZAI_API_KEY: 'test-key' };
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('wright clean and disk use', () => {
  it('lists, then removes a finished session’s worktree, its branch and old session data', async () => {
    server = await startScriptedServer({
      turns: [
        { toolCalls: [{ name: 'write_file', arguments: { path: 'new.txt', content: 'x\n' } }] },
        { content: 'Done.' },
      ],
    });
    const run = await runCliProcess(['run', '--worktree', '--json', '--base-url', server.baseUrl, 'write'], {
      cwd: repo,
      env,
    });
    expect(run.exitCode).toBe(0);
    const start = parseJsonLines(run.stdout).find((event) => event.type === 'task-start');
    const worktree = String(start?.root);
    expect(worktree).toMatch(/\/worktrees\/[^/]+\/project$/);

    const sessions = await runCliProcess(['sessions'], { cwd: repo, env });
    expect(sessions.stdout).toMatch(
      /on disk \(snapshots [\d.]+ [kMG]?B, sessions [\d.]+ [kMG]?B, worktrees /,
    );

    const listed = await runCliProcess(['clean'], { cwd: repo, env });
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain(`worktree  ${worktree}`);
    expect(listed.stdout).toMatch(/branch {4}wright\/\S+ \((merged|abandoned)\)/);
    expect(listed.stdout).toContain("nothing removed; run 'wright clean --yes'");
    expect(await exists(worktree)).toBe(true);

    const cleaned = await runCliProcess(['clean', '--yes', '--older-than', '0'], { cwd: repo, env });
    expect(cleaned.exitCode).toBe(0);
    expect(cleaned.stdout).toMatch(/removed \d+ item\(s\)/);
    expect(await exists(worktree)).toBe(false);
    expect(await git(repo, 'branch', '--list', 'wright/*')).toBe('');
    expect((await runCliProcess(['sessions'], { cwd: repo, env })).stdout).toContain('no sessions yet');
    expect((await runCliProcess(['clean'], { cwd: repo, env })).stdout).toContain('nothing to clean');
  });

  it('removes a finished session’s index caches; the session still diffs, undoes and resumes', async () => {
    server = await startScriptedServer({
      turns: [
        { toolCalls: [{ name: 'write_file', arguments: { path: 'new.txt', content: 'x\n' } }] },
        { content: 'Done.' },
        { toolCalls: [{ name: 'shell', arguments: { command: 'echo more > more.txt' } }] },
        { content: 'Done again.' },
      ],
    });
    const run = await runCliProcess(['run', '--base-url', server.baseUrl, '--approval', 'full', 'write'], {
      cwd: repo,
      env,
    });
    expect(run.exitCode).toBe(0);
    const listed = await runCliProcess(['clean'], { cwd: repo, env });
    expect(listed.stdout).toMatch(/snapshot\.index/);
    expect(listed.stdout).toMatch(/session\.index/);
    // The session is recent: only its caches go, not the session.
    expect(listed.stdout).not.toMatch(/^\s*session /m);
    const cleaned = await runCliProcess(['clean', '--yes'], { cwd: repo, env });
    expect(cleaned.exitCode).toBe(0);
    expect((await runCliProcess(['clean'], { cwd: repo, env })).stdout).toContain('nothing to clean');

    expect((await runCliProcess(['diff'], { cwd: repo, env })).stdout).toContain('+x');
    const resumed = await runCliProcess(
      ['run', '--resume', 'last', '--base-url', server.baseUrl, '--approval', 'full', 'more'],
      { cwd: repo, env },
    );
    expect(resumed.exitCode).toBe(0);
    const diff = (await runCliProcess(['diff'], { cwd: repo, env })).stdout;
    expect(diff).toContain('+more');
    expect(diff).not.toContain('README');
    expect((await runCliProcess(['undo', '--to', '0'], { cwd: repo, env })).exitCode).toBe(0);
    expect(await exists(join(repo, 'new.txt'))).toBe(false);
    expect(await exists(join(repo, 'more.txt'))).toBe(false);
    expect(await readFile(join(repo, 'README.md'), 'utf8')).toBe('# project\n');
  });
});
