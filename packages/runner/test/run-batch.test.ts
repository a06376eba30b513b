import { readFile, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { createGlmClient } from '@wright/core';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { formatBatchSummary } from '../src/format-batch-summary.js';
import { readTasksFile } from '../src/read-tasks-file.js';
import { type BatchResult, runBatch } from '../src/run-batch.js';
import { makeRepository, repositoryState, runGit } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';
import { writeFileTool } from './helpers/write-file-tool.js';

const scratch = useScratchDirectory();
let server: ScriptedServer | undefined;
afterAll(async () => {
  await server?.close();
});

/** One scripted model for every task: it reads the task number from the first user message. */
function batchTurn(request: RecordedRequest) {
  const messages = request.body.messages as { role: string; content: string }[];
  const number = Number(
    /out-(\d+)\.txt/.exec(messages.find((message) => message.role === 'user')!.content)![1],
  );
  const usage = { promptTokens: 100, completionTokens: 10, cachedTokens: 40 };
  if (messages.at(-1)!.role === 'tool') return { content: 'Done.', usage };
  const content = number === 7 ? 'wrong\n' : `${number * number}\n`;
  return { toolCalls: [{ name: 'write_file', arguments: { path: `out-${number}.txt`, content } }], usage };
}

describe('runBatch', () => {
  it('runs 20 scripted tasks at concurrency 4, each in its own worktree, with correct results', async () => {
    const repositories = [
      await makeRepository(scratch.path, { 'README.md': 'A\n' }, 'repo-a'),
      await makeRepository(scratch.path, { 'README.md': 'B\n' }, 'repo-b'),
    ];
    const before = await Promise.all(repositories.map(repositoryState));
    server = await startScriptedServer({ turns: [batchTurn], loop: true });
    const lines = Array.from({ length: 20 }, (_, index) => {
      const number = index + 1;
      const check = `node -e "process.exit(require('fs').readFileSync('out-${number}.txt','utf8')==='${number * number}\\n'?0:1)"`;
      return JSON.stringify({
        id: `t-${number}`,
        cwd: number % 2 === 1 ? 'repo-a' : 'repo-b',
        prompt: `Write out-${number}.txt containing ${number * number}.`,
        check,
        ...(number === 13 ? { budget: { maxSteps: 1 } } : {}),
      });
    });
    const tasksPath = nodePath.join(scratch.path, 'tasks.jsonl');
    await writeFile(tasksPath, `${lines.join('\n')}\n`);
    const tasks = await readTasksFile(tasksPath);
    expect(tasks[0]!.cwd).toBe(repositories[0]);

    const resultsPath = nodePath.join(scratch.path, 'out', 'results.jsonl');
    let maxRunning = 0;
    const ended: string[] = [];
    const results = await runBatch({
      tasks,
      concurrency: 4,
      resultsPath,
      dataDirectory: nodePath.join(scratch.path, 'data'),
      createModel: () => createGlmClient({ apiKey: 'test-key', baseUrl: server!.baseUrl, maxRetries: 0 }),
      tools: [writeFileTool],
      onProgress: (progress) => {
        maxRunning = Math.max(maxRunning, progress.running);
        if (progress.type === 'task-end') ended.push(progress.id);
      },
    });

    expect(maxRunning).toBe(4);
    expect(ended.sort()).toEqual(tasks.map((task) => task.id!).sort());
    expect(results.map((result) => result.id)).toEqual(tasks.map((task) => task.id));
    const written = (await readFile(resultsPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as BatchResult);
    expect(written.map((result) => result.id).sort()).toEqual(results.map((result) => result.id).sort());

    for (const result of results) {
      const number = Number(result.id.slice(2));
      const diff = await readFile(result.diffPath!, 'utf8');
      if (number === 7) {
        expect(result).toMatchObject({ status: 'check-failed', reason: 'check-failed', steps: 6 });
        expect(result.check).toEqual({ passed: false, rounds: 3 });
        expect(diff).toContain('+wrong');
      } else if (number === 13) {
        expect(result).toMatchObject({
          status: 'budget-exceeded',
          reason: 'max-steps',
          steps: 1,
          check: null,
        });
      } else {
        expect(result).toMatchObject({
          status: 'done',
          reason: 'done',
          steps: 2,
          inputTokens: 200,
          outputTokens: 20,
          cachedTokens: 80,
          cost: expect.any(Number),
          durationMs: expect.any(Number),
          sessionId: expect.any(String),
          check: { passed: true, rounds: 1 },
        });
        expect(result.cost).toBeGreaterThan(0);
        expect(result.diffPath).toBe(
          nodePath.join(scratch.path, 'out', 'results.diffs', `${result.id}.patch`),
        );
        expect(diff).toContain(`+++ b/out-${number}.txt`);
        expect(diff).toContain(`+${number * number}`);
        expect(diff.match(/^diff --git/gm)).toHaveLength(1);
      }
    }

    // The users' repositories are as they were: no files, no worktrees, no branches left behind.
    expect(await Promise.all(repositories.map(repositoryState))).toEqual(before);
    for (const repository of repositories) {
      expect(await runGit(repository, ['status', '--porcelain'])).toBe('');
      expect(await runGit(repository, ['branch', '--list', 'wright/*'])).toBe('');
      expect((await runGit(repository, ['worktree', 'list'])).trim().split('\n')).toHaveLength(1);
    }

    const summary = formatBatchSummary(results);
    expect(summary).toContain('20 tasks: ');
    expect(summary).toContain('18 done');
    expect(summary).toContain('1 check-failed');
    expect(summary).toContain('1 budget-exceeded');
    expect(summary.split('\n')[0]).toMatch(/^task\s+status\s+steps/);
  }, 240_000);

  it('releases what tools(task) started once per task, after the task has run', async () => {
    await makeRepository(scratch.path, { 'README.md': 'C\n' }, 'repo-c');
    server ??= await startScriptedServer({ turns: [batchTurn], loop: true });
    const tasksPath = nodePath.join(scratch.path, 'release-tasks.jsonl');
    await writeFile(
      tasksPath,
      [21, 22]
        .map((number) =>
          JSON.stringify({ id: `r-${number}`, cwd: 'repo-c', prompt: `Write out-${number}.txt.` }),
        )
        .join('\n'),
    );
    const tasks = await readTasksFile(tasksPath);
    const log: string[] = [];
    const results = await runBatch({
      tasks,
      concurrency: 2,
      resultsPath: nodePath.join(scratch.path, 'release-out', 'results.jsonl'),
      dataDirectory: nodePath.join(scratch.path, 'data'),
      createModel: () => createGlmClient({ apiKey: 'test-key', baseUrl: server!.baseUrl, maxRetries: 0 }),
      tools: (task) => [
        {
          ...writeFileTool,
          run: async (input, context) => {
            log.push(`write ${task.id}`);
            return writeFileTool.run(input, context);
          },
        },
      ],
      releaseTools: async (task) => {
        log.push(`release ${task.id}`);
      },
    });
    // Both tasks ran to their end (a failure here shows the task's error, not just a missing log line).
    expect(results.map((result) => [result.id, result.status, result.error?.message])).toEqual([
      ['r-21', 'done', undefined],
      ['r-22', 'done', undefined],
    ]);
    for (const id of ['r-21', 'r-22']) {
      expect(log.filter((line) => line === `release ${id}`)).toHaveLength(1);
      expect(log.indexOf(`write ${id}`)).toBeGreaterThanOrEqual(0);
      expect(log.indexOf(`release ${id}`)).toBeGreaterThan(log.indexOf(`write ${id}`));
    }
  }, 120_000);
});

describe('readTasksFile', () => {
  it('names the line and the problem for every bad task', async () => {
    const path = nodePath.join(scratch.path, 'bad.jsonl');
    await writeFile(
      path,
      [
        '{"cwd": ".", "prompt": "fine"}',
        '',
        '# a comment',
        '{"cwd": ".", "prompt": ""}',
        'not json',
        '{"cwd": ".", "prompt": "x", "budget": {"maxSteps": -1}, "colour": "red"}',
        '{"id": "task-1", "cwd": ".", "prompt": "x"}',
      ].join('\n'),
    );
    const error = await readTasksFile(path).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('bad.jsonl:4: `prompt` must be a non-empty string');
    expect(message).toContain('bad.jsonl:5: not valid JSON');
    expect(message).toContain('bad.jsonl:6: unknown key `colour`');
    expect(message).toContain('bad.jsonl:6: `budget.maxSteps` must be a number > 0');
    expect(message).toContain('bad.jsonl:7: id "task-1" is already used on line 1');
  });
});
