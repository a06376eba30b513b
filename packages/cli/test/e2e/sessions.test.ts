import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScript } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { sampleFiles } from '../../src/demo/sample-repo.js';
import { createGitRepo, parseJsonLines, trustProject, useCliTest } from './cli-harness.js';

const demoScript = fileURLToPath(new URL('../../src/demo/bug-fix-script.json', import.meta.url));

const cli = useCliTest({ files: sampleFiles });

describe('sessions, show, diff and undo', () => {
  it('lists, replays, diffs and undoes the bug-fix session', async () => {
    await cli.startServer({ turns: await loadScript(demoScript) });
    const run = await cli.runTask(['--approval', 'full', 'fix the test']);
    expect(run.exitCode).toBe(0);

    const sessions = await cli.run(['sessions', '--json']);
    expect(sessions.exitCode).toBe(0);
    const rows = parseJsonLines(sessions.stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: 'fix the test', status: 'done' });
    const human = await cli.run(['sessions']);
    expect(human.stdout).toContain(String(rows[0]?.id));

    const show = await cli.run(['show', 'last']);
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain('› fix the test');
    expect(show.stdout).toContain('✓ edit_file src/range.js');
    const raw = await cli.run(['show', String(rows[0]?.id).slice(0, 12), '--json']);
    expect(parseJsonLines(raw.stdout)[0]).toMatchObject({ type: 'run-start' });

    const diff = await cli.run(['diff']);
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain('+  for (let value = start; value < end; value += 1) numbers.push(value);');

    const undo = await cli.run(['undo', '--to', '0']);
    expect(undo.stderr).toBe('');
    expect(undo.exitCode).toBe(0);
    expect(undo.stdout).toContain('to step 0');
    expect(await readFile(join(cli.repo, 'src/range.js'), 'utf8')).toBe(sampleFiles['src/range.js']);

    const bad = await cli.run(['show', 'no-such-session']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('wright: no session matches "no-such-session"; see \'wright sessions\'');
  });
});

describe('wright undo, repeated', () => {
  it('goes one checkpoint further back each time, then says there is nothing left', async () => {
    await cli.startServer({
      turns: [
        { toolCalls: [{ name: 'write_file', arguments: { path: 'first.txt', content: 'one\n' } }] },
        { toolCalls: [{ name: 'write_file', arguments: { path: 'second.txt', content: 'two\n' } }] },
        { content: 'Wrote both.' },
      ],
    });
    const run = await cli.runTask(['write two files']);
    expect(run.exitCode).toBe(0);
    const exists = async (name: string) =>
      readFile(join(cli.repo, name), 'utf8').then(
        () => true,
        () => false,
      );
    expect([await exists('first.txt'), await exists('second.txt')]).toEqual([true, true]);

    const first = await cli.run(['undo']);
    expect(first.exitCode).toBe(0);
    expect([await exists('first.txt'), await exists('second.txt')]).toEqual([true, false]);
    const second = await cli.run(['undo']);
    expect(second.exitCode).toBe(0);
    expect([await exists('first.txt'), await exists('second.txt')]).toEqual([false, false]);
    const third = await cli.run(['undo']);
    expect(third.stdout).toContain('nothing to undo');
  });
});

describe('wright run --worktree', () => {
  it("works on branch wright/<session>, leaves the user's files alone, and wright diff shows the change", async () => {
    const server = await cli.startServer({ turns: await loadScript(demoScript) });
    const run = await cli.run([
      'run',
      '--worktree',
      '--json',
      '--base-url',
      server.baseUrl,
      '--approval',
      'full',
      '--check',
      'node --test',
      'fix it',
    ]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const events = parseJsonLines(run.stdout);
    const start = events.find((event) => event.type === 'task-start');
    expect(start).toMatchObject({ mode: 'worktree' });
    expect(String(start?.branch)).toMatch(/^wright\//);
    expect(events.at(-1)).toMatchObject({
      type: 'result',
      status: 'finished',
      changedFiles: ['src/range.js'],
    });
    expect(await readFile(join(cli.repo, 'src/range.js'), 'utf8')).toBe(sampleFiles['src/range.js']);
    const diff = await cli.run(['diff', 'last']);
    expect(diff.stdout).toContain('+  for (let value = start; value < end; value += 1) numbers.push(value);');
  });
});

describe('wright batch', () => {
  it('runs tasks from a JSONL file, writes one result line each and a summary', async () => {
    const turns = await loadScript(demoScript);
    const server = await cli.startServer({ turns: [...turns, ...turns] });
    const second = await createGitRepo(cli.scratch.root, sampleFiles, 'second');
    const tasksFile = join(cli.scratch.root, 'tasks.jsonl');
    await writeFile(
      tasksFile,
      `${JSON.stringify({ id: 'first', cwd: 'repo', prompt: 'fix it', check: 'node --test' })}\n` +
        `${JSON.stringify({ id: 'second', cwd: second, prompt: 'fix it', check: 'node --test' })}\n`,
    );
    // Plugins from the project config reach every task's tool list, as with `run`.
    const plugin = fileURLToPath(new URL('../../../../examples/custom-tool', import.meta.url));
    await mkdir(join(cli.scratch.root, '.wright'), { recursive: true });
    await writeFile(join(cli.scratch.root, '.wright', 'config.json'), JSON.stringify({ plugins: [plugin] }));
    await trustProject(cli.scratch.root, cli.env);
    const resultsFile = join(cli.scratch.root, 'out', 'results.jsonl');
    const result = await cli.run(
      [
        'batch',
        tasksFile,
        '--concurrency',
        '1',
        '--results',
        resultsFile,
        '--base-url',
        server.baseUrl,
        '--approval',
        'full',
      ],
      { cwd: cli.scratch.root },
    );
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('[2/2]');
    expect(result.stdout).toContain('task');
    const lines = parseJsonLines(await readFile(resultsFile, 'utf8'));
    expect(lines.map((line) => [line.id, line.status])).toEqual([
      ['first', 'done'],
      ['second', 'done'],
    ]);
    const patch = await readFile(String(lines[0]?.diffPath), 'utf8');
    expect(patch).toContain('+  for (let value = start; value < end; value += 1) numbers.push(value);');
    for (const request of server.requests) {
      const tools = (request.body as { tools?: Array<{ function: { name: string } }> }).tools ?? [];
      expect(tools.map((tool) => tool.function.name)).toContain('word_count');
    }
    // Each task ran in its own worktree: the user's checkouts are untouched.
    expect(await readFile(join(cli.repo, 'src/range.js'), 'utf8')).toBe(sampleFiles['src/range.js']);
  });

  it('reports a bad tasks file as a usage error naming the line', async () => {
    const tasksFile = join(cli.scratch.root, 'tasks.jsonl');
    await writeFile(tasksFile, '{"cwd": "repo"}\n');
    const result = await cli.run(['batch', tasksFile], { cwd: cli.scratch.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tasks.jsonl:1');
  });
});

describe('wright demo', () => {
  it('without a key runs the labelled offline demo end to end and shows the diff', async () => {
    const result = await cli.run(['demo'], { cwd: cli.scratch.root, env: cli.scratch.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('OFFLINE DEMO (scripted GLM server, no model is called)');
    expect(result.stdout).toContain('✓ check passed');
    expect(result.stdout).toContain(
      '+  for (let value = start; value < end; value += 1) numbers.push(value);',
    );
  });
});
