import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolCallTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { git, useCliTest } from '../cli-harness.js';
import { finalResult, plant, toolResults, writeUserConfig } from './security-harness.js';

// Rules mean what they say: an allow rule for `git status*` does not let a redirection write outside the workspace
// or into ~/.bashrc, and deny rules for `git push*` and `rm -rf*` are not dodged by spacing, wrappers, paths, quotes,
// escapes, reordered flags or `bash -c`. Each attempt is refused with a reason the model reads; the run finishes.

const cli = useCliTest({ files: { 'src/app.js': 'export const answer = 42;\n' } });

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('permission rules that mean what they say', () => {
  it('an allow rule for `git status*` does not cover redirections to files', async () => {
    await writeUserConfig(cli.scratch, { approval: { allow: ['shell(git status*)'] } });
    await cli.startServer({
      turns: [
        toolCallTurn([
          { id: 'outside', name: 'shell', arguments: { command: 'git status > ../x' } },
          { id: 'bashrc', name: 'shell', arguments: { command: 'git status >> ~/.bashrc' } },
          { id: 'tcp', name: 'shell', arguments: { command: 'git status > /dev/tcp/127.0.0.1/9' } },
          { id: 'chained', name: 'shell', arguments: { command: 'git status; touch ../chained' } },
          { id: 'substituted', name: 'shell', arguments: { command: 'git status $(touch ../substituted)' } },
          {
            id: 'plain',
            name: 'shell',
            arguments: { command: 'git status 2>&1 >/dev/null; git status --short' },
          },
        ]),
        textTurn('Done.'),
      ],
    });
    const result = await cli.runTask(['--approval', 'auto-edit', '--json', 'check the status']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(finalResult(result.stdout)).toMatchObject({ status: 'finished', reason: 'done' });
    const results = toolResults(result.stdout);
    for (const id of ['outside', 'bashrc', 'tcp', 'chained', 'substituted']) {
      expect(results.get(id)?.status, id).not.toBe('ok');
      expect(results.get(id)?.output, id).toMatch(/need approval/);
    }
    expect(results.get('plain')?.status).toBe('ok');
    for (const path of ['x', 'chained', 'substituted'])
      expect(await exists(join(cli.scratch.root, path)), path).toBe(false);
    expect(await exists(join(cli.scratch.env.HOME!, '.bashrc'))).toBe(false);
  });

  it('deny rules hold against spacing, wrappers, paths, quotes, escapes, reordered flags and bash -c', async () => {
    const remote = join(cli.scratch.root, 'remote.git');
    await mkdir(remote);
    await git(remote, 'init', '--quiet', '--bare');
    await git(cli.repo, 'remote', 'add', 'origin', remote);
    const victim = join(cli.scratch.root, 'victim');
    await plant(join(victim, 'keep.txt'), 'keep me\n');
    await writeUserConfig(cli.scratch, { approval: { deny: ['shell(git push*)', 'shell(rm -rf*)'] } });
    const attempts: Record<string, string> = {
      spaces: 'git  push origin main',
      command: 'command git push origin main',
      env: 'env git push origin main',
      path: '/usr/bin/git push origin main',
      quoted: "'git' push origin main",
      escaped: 'g\\it pu\\sh origin main',
      options: 'git -C . push origin main',
      nice: 'nice -n 1 timeout 30 git push origin main',
      shell: 'bash -c "git push origin main"',
      eval: 'eval "git push origin main"',
      chained: 'git status && git push origin main',
      dynamic: '$(echo git) push origin main',
      backslashRm: `\\rm -rf ${victim}`,
      reordered: `rm -fr ${victim}`,
      split: `rm -r -f ${victim}`,
      long: `rm --recursive --force ${victim}`,
      xargs: `echo ${victim} | xargs rm -rf`,
      find: `find ${victim} -maxdepth 0 -exec rm -rf {} +`,
    };
    await cli.startServer({
      turns: [
        toolCallTurn(
          Object.entries(attempts).map(([id, command]) => ({ id, name: 'shell', arguments: { command } })),
        ),
        toolCallTurn([{ id: 'allowed', name: 'shell', arguments: { command: 'git log --oneline' } }]),
        textTurn('Done.'),
      ],
    });
    const result = await cli.runTask(['--approval', 'full', '--json', 'ship it']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(finalResult(result.stdout)).toMatchObject({ status: 'finished', reason: 'done' });
    const results = toolResults(result.stdout);
    for (const id of Object.keys(attempts)) {
      expect(results.get(id)?.status, id).not.toBe('ok');
      expect(results.get(id)?.output, id).toMatch(/denied by the rule shell\((git push|rm -rf)\*\)/);
    }
    expect(results.get('allowed')?.status).toBe('ok');
    expect(await git(remote, 'for-each-ref')).toBe('');
    expect(await readFile(join(victim, 'keep.txt'), 'utf8')).toBe('keep me\n');
  });
});
