import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startScriptedServer } from '@wright/testing';
import { expect, it } from 'vitest';
import { checkDocSnippets } from '../../../scripts/doc-snippets.ts';
import { runSkillsExample } from '../skills.ts';

const exampleDirectory = fileURLToPath(new URL('..', import.meta.url));
const git = (cwd: string, ...args: string[]) =>
  promisify(execFile)('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Example',
      GIT_AUTHOR_EMAIL: 'e@example.invalid',
      GIT_COMMITTER_NAME: 'Example',
      GIT_COMMITTER_EMAIL: 'e@example.invalid',
    },
  });

const plan = (statuses: string[]) => ({
  plan: ['Load the changelog skill', 'Write the entry'].map((step, index) => ({
    step,
    status: statuses[index],
  })),
});

it('lists the skill, loads it on demand with the skill tool, keeps a plan and runs the command as a task', async () => {
  const server = await startScriptedServer({
    turns: [
      { toolCalls: [{ name: 'update_plan', arguments: plan(['in_progress', 'pending']) }] },
      { toolCalls: [{ name: 'skill', arguments: { name: 'changelog' } }] },
      { toolCalls: [{ name: 'skill', arguments: { name: 'changelog', file: 'template.md' } }] },
      {
        toolCalls: [
          { name: 'update_plan', arguments: plan(['completed', 'in_progress']) },
          {
            name: 'write_file',
            arguments: {
              path: 'CHANGELOG.md',
              content: '# Changelog\n\n## Unreleased\n\n- Add a --verbose flag (`src/cli.js`)\n',
            },
          },
        ],
      },
      { toolCalls: [{ name: 'update_plan', arguments: plan(['completed', 'completed']) }] },
      { content: 'Added the entry.' },
    ],
  });
  const root = await mkdtemp(join(tmpdir(), 'wright-skills-example-'));
  const directory = join(root, 'repo');
  try {
    await cp(join(exampleDirectory, 'project'), directory, { recursive: true });
    await git(directory, 'init', '--quiet', '--initial-branch=main');
    await git(directory, 'add', '.');
    await git(directory, 'commit', '--quiet', '--no-gpg-sign', '-m', 'initial');
    const lines = await runSkillsExample({
      apiKey: 'test-key',
      baseUrl: server.baseUrl,
      directory,
      dataDirectory: join(root, 'data'),
      userDirectory: join(root, 'config'),
    });
    expect(lines).toEqual([
      "skill changelog (.wright/skills/changelog): Writes or updates CHANGELOG.md in this project's format. Use it whenever a change needs a changelog entry.",
      'update_plan → ok',
      'plan 0/2',
      'skill → ok',
      'skill → ok',
      'update_plan → ok',
      'write_file → ok',
      'plan 1/2',
      'update_plan → ok',
      'plan 2/2',
      'done: Added the entry.',
    ]);
    const first = server.requests[0]?.body as { messages: { role: string; content: string }[] };
    // The command's template with its arguments is the task; the skill is listed, its body is not.
    expect(first.messages[1]?.content).toBe(
      'Add a changelog entry for this change: add a --verbose flag\nKeep a plan with update_plan while you work.',
    );
    expect(first.messages[0]?.content).toContain('- changelog: Writes or updates CHANGELOG.md');
    expect(JSON.stringify(first)).not.toContain('imperative mood');
    expect(JSON.stringify(server.requests[2]?.body)).toContain('imperative mood');
    expect(await readFile(join(directory, 'CHANGELOG.md'), 'utf8')).toContain('--verbose');
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});

it('docs/skills.md shows this example as it is', async () => {
  const page = await readFile(join(exampleDirectory, '../../docs/skills.md'), 'utf8');
  const source = await readFile(join(exampleDirectory, 'skills.ts'), 'utf8');
  const check = checkDocSnippets(page, source);
  expect(check.problems).toEqual([]);
  expect(check.count).toBe(2);
});
