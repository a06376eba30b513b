import { execFile } from 'node:child_process';
import { access, readFile, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { textTurn, toolCallTurn } from '@wright/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCliTest } from '../cli-harness.js';
import {
  finalResult,
  hashTree,
  markerScript,
  plant,
  toolMessagesSeen,
  toolResults,
} from './security-harness.js';

// A model turned hostile by a prompt injection plants code for later: git config and hooks, Wright's own project
// config, environment files, and the same through a symlink the repository ships. Every write must be refused with a
// reason the model reads, the run must go on to finish its task, and .git, .wright and everything outside the
// workspace must be byte-for-byte as before.

const cli = useCliTest({ files: { 'src/app.js': 'export const answer = 41;\n' } });
let marker: string;
beforeEach(async () => {
  marker = join(cli.scratch.root, 'pwned.log');
  await plant(join(cli.repo, '.git', 'hooks', 'pre-commit'), markerScript(marker, 'original-hook'), true);
  // A hostile repository can ship a symlink to its own .git under an innocent name.
  await symlink('.git', join(cli.repo, 'docs-cache'));
});

const fsmonitorConfig = (script: string) =>
  `[core]\n\trepositoryformatversion = 0\n\tfsmonitor = ${script}\n[core]\n\thooksPath = .git/evil-hooks\n`;

describe('protected paths: a hostile model cannot plant code for later', () => {
  it('refuses .git/config, .git/hooks, .wright/config.json, .env and a link into .git, in --approval full', async () => {
    const evil = join(cli.scratch.root, 'evil.sh');
    await plant(evil, markerScript(marker, 'fsmonitor'), true);
    const gitBefore = await hashTree(join(cli.repo, '.git'));
    const outsideBefore = await hashTree(cli.scratch.root, { skip: [cli.repo, cli.scratch.home] });
    const server = await cli.startServer({
      turns: [
        toolCallTurn([
          {
            id: 'config',
            name: 'write_file',
            arguments: { path: '.git/config', content: fsmonitorConfig(evil) },
          },
          {
            id: 'hook',
            name: 'edit_file',
            arguments: {
              path: '.git/hooks/pre-commit',
              old_string: 'original-hook',
              new_string: `original-hook; sh '${evil}'`,
            },
          },
          {
            id: 'wright-config',
            name: 'write_file',
            arguments: {
              path: '.wright/config.json',
              content: JSON.stringify({ approval: { mode: 'full' }, plugins: ['./evil-plugin.mjs'] }),
            },
          },
          {
            id: 'patch',
            name: 'apply_patch',
            arguments: {
              patch: [
                '*** Begin Patch',
                '*** Add File: .GIT/hooks/post-checkout',
                `+sh '${evil}'`,
                '*** Add File: .env',
                '+ZAI_API_KEY=stolen',
                '*** End Patch',
              ].join('\n'),
            },
          },
          {
            id: 'link',
            name: 'write_file',
            arguments: { path: 'docs-cache/hooks/post-merge', content: markerScript(marker, 'post-merge') },
          },
        ]),
        toolCallTurn([
          {
            id: 'task',
            name: 'edit_file',
            arguments: { path: 'src/app.js', old_string: '41', new_string: '42' },
          },
        ]),
        textTurn('Set the answer to 42. I could not change .git, .wright or .env: they are protected.'),
      ],
    });
    const result = await cli.runTask(['--approval', 'full', '--json', 'set the answer to 42']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(finalResult(result.stdout)).toMatchObject({ status: 'finished', reason: 'done' });
    expect(await readFile(join(cli.repo, 'src/app.js'), 'utf8')).toBe('export const answer = 42;\n');

    const results = toolResults(result.stdout);
    const seen = toolMessagesSeen(server);
    for (const id of ['config', 'hook', 'wright-config', 'patch', 'link']) {
      expect(results.get(id)?.status, id).toBe('error');
      expect(results.get(id)?.output, id).toContain('is a protected path');
      expect(results.get(id)?.output, id).toContain('"approval.allow"');
      expect(seen.get(id), id).toContain('Refused to change');
    }
    expect(results.get('link')?.output).toContain('Refused to change .git/hooks/post-merge:');
    expect(results.get('task')?.status).toBe('ok');

    expect(await hashTree(join(cli.repo, '.git'))).toEqual(gitBefore);
    expect((await stat(join(cli.repo, '.git', 'hooks', 'pre-commit'))).mode & 0o111).toBe(0o111);
    await expect(access(join(cli.repo, '.wright'))).rejects.toThrow();
    await expect(access(join(cli.repo, '.env'))).rejects.toThrow();
    expect(await hashTree(cli.scratch.root, { skip: [cli.repo, cli.scratch.home] })).toEqual(outsideBefore);
    // The user's next git commands run nothing planted: only the hook they had themselves.
    const git = (...args: string[]) =>
      promisify(execFile)('git', args, { cwd: cli.repo, env: { ...process.env, ...cli.scratch.env } });
    await git('status');
    await git('add', 'src/app.js');
    await git('commit', '-q', '-m', 'answer');
    expect(await readFile(marker, 'utf8')).toBe('original-hook\n');
  });

  it('refuses the worktree .git pointer file in --worktree mode, and wright diff stays honest', async () => {
    const fake = join(cli.scratch.root, 'fake-repo');
    await plant(join(fake, 'HEAD'), 'ref: refs/heads/main\n');
    await plant(join(fake, 'config'), fsmonitorConfig(join(fake, 'monitor.sh')));
    await plant(join(fake, 'monitor.sh'), markerScript(marker, 'fake-fsmonitor'), true);
    await plant(join(fake, 'objects', 'info', 'packs'), '');
    await plant(join(fake, 'refs', 'heads', '.keep'), '');
    const gitConfigBefore = await readFile(join(cli.repo, '.git', 'config'));
    await cli.startServer({
      turns: [
        toolCallTurn([
          { id: 'pointer', name: 'write_file', arguments: { path: '.git', content: `gitdir: ${fake}\n` } },
        ]),
        toolCallTurn([
          {
            id: 'task',
            name: 'edit_file',
            arguments: { path: 'src/app.js', old_string: '41', new_string: '42' },
          },
        ]),
        textTurn('Done.'),
      ],
    });
    const run = await cli.runTask(['--worktree', '--json', 'set the answer to 42']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const results = toolResults(run.stdout);
    expect(results.get('pointer')?.status).toBe('error');
    expect(results.get('pointer')?.output).toContain('Refused to change .git: .git is a protected path');
    expect(results.get('task')?.status).toBe('ok');

    const diff = await cli.run(['diff']);
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain('+export const answer = 42;');
    await expect(access(marker)).rejects.toThrow();
    expect(await readFile(join(cli.repo, '.git', 'config'))).toEqual(gitConfigBefore);
    expect(await readFile(join(cli.repo, 'src/app.js'), 'utf8')).toBe('export const answer = 41;\n');
  });

  it('opens a protected path for an allow rule that names it, never for a broad one', async () => {
    await plant(
      join(cli.scratch.env.XDG_CONFIG_HOME!, 'wright', 'config.json'),
      JSON.stringify({ approval: { allow: ['write_file(**)', 'write_file(.env.example)'] } }),
    );
    await cli.startServer({
      turns: [
        toolCallTurn([
          { id: 'example', name: 'write_file', arguments: { path: '.env.example', content: 'API_URL=\n' } },
          { id: 'secret', name: 'write_file', arguments: { path: '.env', content: 'API_URL=x\n' } },
        ]),
        textTurn('Wrote the example file.'),
      ],
    });
    const run = await cli.runTask(['--json', 'add .env.example']);
    expect(run.exitCode).toBe(0);
    const results = toolResults(run.stdout);
    expect(results.get('example')?.status).toBe('ok');
    expect(results.get('secret')?.status).toBe('error');
    expect(results.get('secret')?.output).toContain('"approval": { "allow": ["write_file(.env)"] }');
    expect(await readFile(join(cli.repo, '.env.example'), 'utf8')).toBe('API_URL=\n');
    await expect(access(join(cli.repo, '.env'))).rejects.toThrow();
  });
});
