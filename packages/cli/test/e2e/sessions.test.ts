import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScript, type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleFiles } from '../../src/demo/sample-repo.js';
import {
  createGitRepo,
  createScratch,
  parseJsonLines,
  runCliProcess,
  type Scratch,
  trustProject,
} from './cli-harness.js';

const demoScript = fileURLToPath(new URL('../../src/demo/bug-fix-script.json', import.meta.url));

let scratch: Scratch;
let server: ScriptedServer | undefined;
let repo: string;
let env: Record<string, string>;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, sampleFiles);
  env = { ...scratch.env, ZAI_API_KEY: 'test-key' };
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

describe('sessions, show, diff and undo', () => {
  it('lists, replays, diffs and undoes the bug-fix session', async () => {
    server = await startScriptedServer({ turns: await loadScript(demoScript) });
    const run = await runCliProcess(
      ['run', '--base-url', server.baseUrl, '--approval', 'full', 'fix the test'],
      {
        cwd: repo,
        env,
      },
    );
    expect(run.exitCode).toBe(0);

    const sessions = await runCliProcess(['sessions', '--json'], { cwd: repo, env });
    expect(sessions.exitCode).toBe(0);
    const rows = parseJsonLines(sessions.stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: 'fix the test', status: 'done' });
    const human = await runCliProcess(['sessions'], { cwd: repo, env });
    expect(human.stdout).toContain(String(rows[0]?.id));

    const show = await runCliProcess(['show', 'last'], { cwd: repo, env });
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain('› fix the test');
    expect(show.stdout).toContain('✓ edit_file src/range.js');
    const raw = await runCliProcess(['show', String(rows[0]?.id).slice(0, 12), '--json'], { cwd: repo, env });
    expect(parseJsonLines(raw.stdout)[0]).toMatchObject({ type: 'run-start' });

    const diff = await runCliProcess(['diff'], { cwd: repo, env });
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain('+  for (let value = start; value < end; value += 1) numbers.push(value);');

    const undo = await runCliProcess(['undo', '--to', '0'], { cwd: repo, env });
    expect(undo.stderr).toBe('');
    expect(undo.exitCode).toBe(0);
    expect(undo.stdout).toContain('to step 0');
    expect(await readFile(join(repo, 'src/range.js'), 'utf8')).toBe(sampleFiles['src/range.js']);

    const bad = await runCliProcess(['show', 'no-such-session'], { cwd: repo, env });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('wright: no session matches "no-such-session"; see \'wright sessions\'');
  });
});

describe('wright undo, repeated', () => {
  it('goes one checkpoint further back each time, then says there is nothing left', async () => {
    server = await startScriptedServer({
      turns: [
        { toolCalls: [{ name: 'write_file', arguments: { path: 'first.txt', content: 'one\n' } }] },
        { toolCalls: [{ name: 'write_file', arguments: { path: 'second.txt', content: 'two\n' } }] },
        { content: 'Wrote both.' },
      ],
    });
    const run = await runCliProcess(['run', '--base-url', server.baseUrl, 'write two files'], {
      cwd: repo,
      env,
    });
    expect(run.exitCode).toBe(0);
    const exists = async (name: string) =>
      readFile(join(repo, name), 'utf8').then(
        () => true,
        () => false,
      );
    expect([await exists('first.txt'), await exists('second.txt')]).toEqual([true, true]);

    const first = await runCliProcess(['undo'], { cwd: repo, env });
    expect(first.exitCode).toBe(0);
    expect([await exists('first.txt'), await exists('second.txt')]).toEqual([true, false]);
    const second = await runCliProcess(['undo'], { cwd: repo, env });
    expect(second.exitCode).toBe(0);
    expect([await exists('first.txt'), await exists('second.txt')]).toEqual([false, false]);
    const third = await runCliProcess(['undo'], { cwd: repo, env });
    expect(third.stdout).toContain('nothing to undo');
  });
});

describe('wright run --worktree', () => {
  it("works on branch wright/<session>, leaves the user's files alone, and wright diff shows the change", async () => {
    server = await startScriptedServer({ turns: await loadScript(demoScript) });
    const run = await runCliProcess(
      [
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
      ],
      { cwd: repo, env },
    );
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
    expect(await readFile(join(repo, 'src/range.js'), 'utf8')).toBe(sampleFiles['src/range.js']);
    const diff = await runCliProcess(['diff', 'last'], { cwd: repo, env });
    expect(diff.stdout).toContain('+  for (let value = start; value < end; value += 1) numbers.push(value);');
  });
});

describe('wright batch', () => {
  it('runs tasks from a JSONL file, writes one result line each and a summary', async () => {
    const turns = await loadScript(demoScript);
    server = await startScriptedServer({ turns: [...turns, ...turns] });
    const second = await createGitRepo(scratch.root, sampleFiles, 'second');
    const tasksFile = join(scratch.root, 'tasks.jsonl');
    await writeFile(
      tasksFile,
      `${JSON.stringify({ id: 'first', cwd: 'repo', prompt: 'fix it', check: 'node --test' })}\n` +
        `${JSON.stringify({ id: 'second', cwd: second, prompt: 'fix it', check: 'node --test' })}\n`,
    );
    // Plugins from the project config reach every task's tool list, as with `run`.
    const plugin = fileURLToPath(new URL('../../../../examples/custom-tool', import.meta.url));
    await mkdir(join(scratch.root, '.wright'), { recursive: true });
    await writeFile(join(scratch.root, '.wright', 'config.json'), JSON.stringify({ plugins: [plugin] }));
    await trustProject(scratch.root, env);
    const resultsFile = join(scratch.root, 'out', 'results.jsonl');
    const result = await runCliProcess(
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
      { cwd: scratch.root, env },
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
    expect(await readFile(join(repo, 'src/range.js'), 'utf8')).toBe(sampleFiles['src/range.js']);
  });

  it('reports a bad tasks file as a usage error naming the line', async () => {
    const tasksFile = join(scratch.root, 'tasks.jsonl');
    await writeFile(tasksFile, '{"cwd": "repo"}\n');
    const result = await runCliProcess(['batch', tasksFile], { cwd: scratch.root, env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tasks.jsonl:1');
  });
});

describe('wright demo', () => {
  it('without a key runs the labelled offline demo end to end and shows the diff', async () => {
    const result = await runCliProcess(['demo'], { cwd: scratch.root, env: scratch.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('OFFLINE DEMO (scripted GLM server, no model is called)');
    expect(result.stdout).toContain('✓ check passed');
    expect(result.stdout).toContain(
      '+  for (let value = start; value < end; value += 1) numbers.push(value);',
    );
  });
});
