import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { git, parseJsonLines, useCliTest } from './cli-harness.js';

const cli = useCliTest({ files: { 'README.md': '# project\n' }, repoName: 'project' });

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('wright clean and disk use', () => {
  it('lists, then removes a finished session’s worktree, its branch and old session data', async () => {
    const server = await cli.startServer({
      turns: [
        { toolCalls: [{ name: 'write_file', arguments: { path: 'new.txt', content: 'x\n' } }] },
        { content: 'Done.' },
      ],
    });
    const run = await cli.run(['run', '--worktree', '--json', '--base-url', server.baseUrl, 'write']);
    expect(run.exitCode).toBe(0);
    const start = parseJsonLines(run.stdout).find((event) => event.type === 'task-start');
    const worktree = String(start?.root);
    expect(worktree).toMatch(/\/worktrees\/[^/]+\/project$/);

    const sessions = await cli.run(['sessions']);
    expect(sessions.stdout).toMatch(
      /on disk \(snapshots [\d.]+ [kMG]?B, sessions [\d.]+ [kMG]?B, worktrees /,
    );

    const listed = await cli.run(['clean']);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain(`worktree  ${worktree}`);
    expect(listed.stdout).toMatch(/branch {4}wright\/\S+ \((merged|abandoned)\)/);
    expect(listed.stdout).toContain("nothing removed; run 'wright clean --yes'");
    expect(await exists(worktree)).toBe(true);

    const cleaned = await cli.run(['clean', '--yes', '--older-than', '0']);
    expect(cleaned.exitCode).toBe(0);
    expect(cleaned.stdout).toMatch(/removed \d+ item\(s\)/);
    expect(await exists(worktree)).toBe(false);
    expect(await git(cli.repo, 'branch', '--list', 'wright/*')).toBe('');
    expect((await cli.run(['sessions'])).stdout).toContain('no sessions yet');
    expect((await cli.run(['clean'])).stdout).toContain('nothing to clean');
  });

  it('removes a finished session’s index caches; the session still diffs, undoes and resumes', async () => {
    const server = await cli.startServer({
      turns: [
        { toolCalls: [{ name: 'write_file', arguments: { path: 'new.txt', content: 'x\n' } }] },
        { content: 'Done.' },
        { toolCalls: [{ name: 'shell', arguments: { command: 'echo more > more.txt' } }] },
        { content: 'Done again.' },
      ],
    });
    const run = await cli.runTask(['--approval', 'full', 'write']);
    expect(run.exitCode).toBe(0);
    const listed = await cli.run(['clean']);
    expect(listed.stdout).toMatch(/snapshot\.index/);
    expect(listed.stdout).toMatch(/session\.index/);
    // The session is recent: only its caches go, not the session.
    expect(listed.stdout).not.toMatch(/^\s*session /m);
    const cleaned = await cli.run(['clean', '--yes']);
    expect(cleaned.exitCode).toBe(0);
    expect((await cli.run(['clean'])).stdout).toContain('nothing to clean');

    expect((await cli.run(['diff'])).stdout).toContain('+x');
    const resumed = await cli.run([
      'run',
      '--resume',
      'last',
      '--base-url',
      server.baseUrl,
      '--approval',
      'full',
      'more',
    ]);
    expect(resumed.exitCode).toBe(0);
    const diff = (await cli.run(['diff'])).stdout;
    expect(diff).toContain('+more');
    expect(diff).not.toContain('README');
    expect((await cli.run(['undo', '--to', '0'])).exitCode).toBe(0);
    expect(await exists(join(cli.repo, 'new.txt'))).toBe(false);
    expect(await exists(join(cli.repo, 'more.txt'))).toBe(false);
    expect(await readFile(join(cli.repo, 'README.md'), 'utf8')).toBe('# project\n');
  });
});
