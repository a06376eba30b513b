import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { createGlmClient } from '@wright/core';
import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runTask } from '../src/run-task.js';
import type { RunnerEvent } from '../src/runner-events.js';
import { createSessionStore } from '../src/session-store.js';
import { makeRepository, repositoryState } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';
import { writeFileTool } from './helpers/write-file-tool.js';

const scratch = useScratchDirectory();
const servers: ScriptedServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

const checkScript = `const { add } = require('./calc.js');
if (add(2, 3) !== 5) { console.error('CHECK-FAILED add(2, 3) = ' + add(2, 3)); process.exit(1); }
console.log('ok');
`;
const lastUserMessage = (body: { messages: { role: string; content: string }[] }) =>
  body.messages.findLast((message) => message.role === 'user')?.content ?? '';

describe('runTask with a check', () => {
  it('sends a failing check back to the agent, which fixes it; each changed step is checkpointed', async () => {
    const root = await makeRepository(scratch.path, {
      'calc.js': 'exports.add = (a, b) => a - b;\n',
      'check.js': checkScript,
    });
    const repository = await repositoryState(root);
    let feedback = '';
    const server = await startScriptedServer({
      turns: [
        {
          toolCalls: [
            {
              name: 'write_file',
              arguments: { path: 'calc.js', content: 'exports.add = (a, b) => a * b;\n' },
            },
          ],
        },
        { content: 'Fixed.' },
        (request) => {
          feedback = lastUserMessage(request.body);
          return {
            toolCalls: [
              {
                name: 'write_file',
                arguments: { path: 'calc.js', content: 'exports.add = (a, b) => a + b;\n' },
              },
            ],
          };
        },
        { content: 'Really fixed.' },
      ],
    });
    servers.push(server);
    const model = createGlmClient({ apiKey: 'test-key', baseUrl: server.baseUrl, maxRetries: 0 });
    const task = runTask({
      cwd: root,
      dataDirectory: nodePath.join(scratch.path, 'data'),
      model,
      tools: [writeFileTool],
      prompt: 'Fix add() in calc.js.\nThe check is node check.js.',
      mode: 'worktree',
      check: 'node check.js',
    });
    const events: RunnerEvent[] = [];
    for await (const event of task) events.push(event);
    const result = await task.result;

    expect(result.status).toBe('done');
    expect(result.check).toMatchObject({ command: 'node check.js', passed: true, rounds: 2, exitCode: 0 });
    expect(feedback).toContain('The check `node check.js` failed (exit code 1)');
    expect(feedback).toContain('CHECK-FAILED add(2, 3) = 6');
    expect(result.steps).toBe(4);
    expect(result.sessionSteps).toBe(4);
    const workspace = await task.workspace;
    expect(await readFile(nodePath.join(workspace.root, 'calc.js'), 'utf8')).toBe(
      'exports.add = (a, b) => a + b;\n',
    );
    // The user's checkout is untouched until they apply the diff back.
    expect(await readFile(nodePath.join(root, 'calc.js'), 'utf8')).toBe('exports.add = (a, b) => a - b;\n');
    expect(await repositoryState(root)).toEqual(repository);

    const kinds = events.map((event) => event.type);
    expect(kinds[0]).toBe('task-start');
    expect(kinds.at(-1)).toBe('task-end');
    const checks = events.filter((event) => event.type === 'check-end');
    expect(checks.map((event) => event.type === 'check-end' && event.passed)).toEqual([false, true]);
    const checkpoints = events.flatMap((event) => (event.type === 'checkpoint' ? [event] : []));
    expect(checkpoints.map((event) => [event.step, event.files])).toEqual([
      [1, ['calc.js']],
      [3, ['calc.js']],
    ]);
    // A checkpoint follows its turn-end directly.
    const firstCheckpoint = kinds.indexOf('checkpoint');
    expect(kinds[firstCheckpoint - 1]).toBe('turn-end');

    const ledger = await workspace.ledger.read();
    expect(ledger.changes.map((change) => [change.step, change.toolName, change.status])).toEqual([
      [1, 'write_file', 'done'],
      [3, 'write_file', 'done'],
    ]);
    expect(ledger.changes[1]!.files[0]!.hunks).toContain('+exports.add = (a, b) => a + b;');

    const store = await createSessionStore({ dataDirectory: nodePath.join(scratch.path, 'data'), cwd: root });
    const [summary] = await store.list();
    expect(summary).toMatchObject({
      id: result.sessionId,
      title: 'Fix add() in calc.js.',
      status: 'done',
      steps: 4,
    });
    expect(await store.resolve('last')).toBe(result.sessionId);

    // Files and conversation back to step 1: the journal ends at that turn.
    const restored = await workspace.restoreCheckpoint(1, { conversation: true });
    expect(restored.conversationRestored).toBe(true);
    expect(await readFile(nodePath.join(workspace.root, 'calc.js'), 'utf8')).toBe(
      'exports.add = (a, b) => a * b;\n',
    );
    const journal = (await readFile(store.journalPath(result.sessionId), 'utf8')).trim().split('\n');
    expect(JSON.parse(journal.at(-1)!)).toMatchObject({ type: 'turn-end', turn: 1 });
    expect((await workspace.listCheckpoints()).map((checkpoint) => checkpoint.step)).toEqual([0, 1]);
    await workspace.close({ removeWorktree: true });
  });

  it('reports check-failed after the last round', async () => {
    const root = await makeRepository(
      scratch.path,
      { 'calc.js': 'exports.add = () => 0;\n', 'check.js': checkScript },
      'stubborn',
    );
    const server = await startScriptedServer({ turns: [{ content: 'Done.' }], loop: true });
    servers.push(server);
    const task = runTask({
      cwd: root,
      dataDirectory: nodePath.join(scratch.path, 'data'),
      model: createGlmClient({ apiKey: 'test-key', baseUrl: server.baseUrl, maxRetries: 0 }),
      prompt: 'Fix it.',
      check: 'node check.js',
      maxCheckRounds: 2,
    });
    const result = await task.result;
    expect(result.status).toBe('check-failed');
    expect(result.check).toMatchObject({ passed: false, rounds: 2, exitCode: 1 });
    expect(result.check?.outputTail).toContain('CHECK-FAILED');
    expect(server.requests.length).toBe(2);
  });
});
