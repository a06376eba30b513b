import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RecordedRequest } from '@wright/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, parseJsonLines, useCliTest } from './cli-harness.js';

const cli = useCliTest({
  files: {
    'src/a.ts': 'export const a = 1;\n',
    '.wright/skills/review/SKILL.md':
      '---\nname: review\ndescription: Reviews a TypeScript change for bugs and missing tests.\n---\n# Review\n\nREVIEW BODY: read the diff, then the tests.\n',
    '.claude/skills/release/SKILL.md':
      '---\nname: release\ndescription: Cuts a release.\n---\nRELEASE BODY\n',
    '.agents/skills/broken/SKILL.md': '---\nname: broken\n---\nNo description.\n',
  },
});
beforeEach(async () => {
  const userSkill = join(cli.env.XDG_CONFIG_HOME as string, 'wright', 'skills', 'notes');
  await put(
    join(userSkill, 'SKILL.md'),
    '---\ndescription: Writes release notes the way the user likes.\n---\nNOTES BODY\n',
  );
  await put(join(userSkill, 'template.md'), 'USER TEMPLATE TEXT\n');
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

type WireMessage = { role: string; content?: string };
const messagesOf = (request: RecordedRequest) => request.body.messages as WireMessage[];
const toolResults = (request: RecordedRequest) =>
  messagesOf(request)
    .filter((message) => message.role === 'tool')
    .map((message) => message.content ?? '');

describe('skills through the CLI', () => {
  it('lists skills by name and description, loads them on demand, and keeps the prompt prefix byte-stable', async () => {
    const server = await cli.startServer({
      turns: [
        { toolCalls: [{ name: 'skill', arguments: { name: 'review' } }] },
        { toolCalls: [{ name: 'skill', arguments: { name: 'notes', file: 'template.md' } }] },
        { toolCalls: [{ name: 'read_file', arguments: { path: '.claude/skills/release/SKILL.md' } }] },
        { content: 'Reviewed.' },
        { content: 'Again.' },
      ],
    });
    const run = await cli.runTask(['--json', 'review src/a.ts']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const requests = server.requests;
    const system = messagesOf(requests[0] as RecordedRequest)[0];
    expect(system?.role).toBe('system');
    // Progressive disclosure: names, descriptions and folders in the prompt; no body.
    expect(system?.content).toContain('# Skills');
    expect(system?.content).toContain(
      '- notes: Writes release notes the way the user likes. (' +
        join(cli.env.XDG_CONFIG_HOME as string, 'wright', 'skills', 'notes') +
        ')\n- release: Cuts a release. (.claude/skills/release)\n- review: Reviews a TypeScript change for bugs and missing tests. (.wright/skills/review)',
    );
    expect(requests[0]?.rawBody).not.toContain('BODY');
    expect(toolResults(requests[1] as RecordedRequest)[0]).toContain(
      'REVIEW BODY: read the diff, then the tests.',
    );
    // The user skill's file is outside the workspace: the skill tool reads it, confined to the skill folder.
    expect(toolResults(requests[2] as RecordedRequest)[1]).toContain('USER TEMPLATE TEXT');
    // A project skill is repository content: read_file reads it as well.
    expect(toolResults(requests[3] as RecordedRequest)[2]).toContain('RELEASE BODY');
    const events = parseJsonLines(run.stdout);
    // A skill folder that is left out is said once, as a task warning.
    expect(events.filter((event) => event.type === 'task-warning').map((event) => event.message)).toEqual([
      '.agents/skills/broken: skipped, SKILL.md has no description in its front matter',
    ]);
    expect(events.filter((event) => event.type === 'tool-exec-end').map((event) => event.status)).toEqual([
      'ok',
      'ok',
      'ok',
    ]);

    // Every request of the run starts with the same bytes: tools, system message, task.
    const prefix = (request: RecordedRequest) =>
      JSON.stringify([request.body.tools, messagesOf(request).slice(0, 2)]);
    for (const request of requests) expect(prefix(request)).toBe(prefix(requests[0] as RecordedRequest));

    // A skill added mid-session changes nothing the resumed session sends before the new prompt.
    await put(
      join(cli.repo, '.wright/skills/added/SKILL.md'),
      '---\ndescription: Added later.\n---\nADDED\n',
    );
    const resumed = await cli.runTask(['--resume', 'last', '--json', 'and again']);
    expect(resumed.exitCode).toBe(0);
    const last = requests[3] as RecordedRequest;
    const next = requests[4] as RecordedRequest;
    expect(JSON.stringify(next.body.tools)).toBe(JSON.stringify(last.body.tools));
    const earlier = messagesOf(last);
    expect(JSON.stringify(messagesOf(next).slice(0, earlier.length))).toBe(JSON.stringify(earlier));
    expect(next.rawBody).not.toContain('Added later');
  });

  it('wright batch: each task sees the skills of its own repository, listed and loadable, as wright run does', async () => {
    const other = await createGitRepo(
      cli.scratch.root,
      {
        'README.md': '# other\n',
        '.wright/skills/deploy/SKILL.md': '---\ndescription: Deploys the service.\n---\nDEPLOY BODY\n',
      },
      'other',
    );
    const server = await cli.startServer({
      turns: [],
      conversations: [
        {
          match: 'TASK-ONE',
          turns: [
            { toolCalls: [{ name: 'skill', arguments: { name: 'review' } }] },
            { content: 'Reviewed.' },
          ],
        },
        {
          match: 'TASK-TWO',
          turns: [
            { toolCalls: [{ name: 'skill', arguments: { name: 'deploy' } }] },
            { content: 'Deployed.' },
          ],
        },
      ],
    });
    const tasksFile = join(cli.scratch.root, 'tasks.jsonl');
    await writeFile(
      tasksFile,
      `${JSON.stringify({ id: 'one', cwd: 'repo', prompt: 'TASK-ONE: review src/a.ts' })}\n` +
        `${JSON.stringify({ id: 'two', cwd: other, prompt: 'TASK-TWO: deploy' })}\n`,
    );
    const run = await cli.run(
      ['batch', tasksFile, '--concurrency', '1', '--base-url', server.baseUrl, '--json'],
      { cwd: cli.scratch.root },
    );
    expect(run.exitCode).toBe(0);
    const results = parseJsonLines(run.stdout);
    expect(results.map((line) => [line.id, line.status])).toEqual([
      ['one', 'done'],
      ['two', 'done'],
    ]);
    const of = (marker: string) =>
      server.requests.filter((request) => JSON.stringify(messagesOf(request)).includes(marker));
    const [one, oneAgain] = of('TASK-ONE');
    const [two, twoAgain] = of('TASK-TWO');
    const systemOf = (request: RecordedRequest | undefined) =>
      messagesOf(request as RecordedRequest)[0]?.content ?? '';
    const toolNames = (request: RecordedRequest | undefined) =>
      ((request?.body.tools ?? []) as { function: { name: string } }[]).map((tool) => tool.function.name);
    expect(toolNames(one)).toContain('skill');
    expect(toolNames(two)).toContain('skill');
    expect(systemOf(one)).toContain('- review: Reviews a TypeScript change for bugs and missing tests.');
    expect(systemOf(one)).toContain('- notes: Writes release notes the way the user likes.');
    expect(systemOf(one)).not.toContain('deploy');
    expect(systemOf(two)).toContain('- deploy: Deploys the service. (.wright/skills/deploy)');
    expect(systemOf(two)).toContain('- notes: Writes release notes the way the user likes.');
    expect(systemOf(two)).not.toContain('- review:');
    expect(toolResults(oneAgain as RecordedRequest)[0]).toContain('REVIEW BODY');
    expect(toolResults(twoAgain as RecordedRequest)[0]).toContain('DEPLOY BODY');
  });
});
