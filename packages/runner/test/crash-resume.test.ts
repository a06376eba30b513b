import { type ChildProcess, spawn } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGlmClient, loadSession } from '@wright/core';
import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTask } from '../src/run-task.js';
import { createSessionStore } from '../src/session-store.js';
import { makeRepository, repositoryState } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';
import { writeFileTool } from './helpers/write-file-tool.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/crash-child.mjs', import.meta.url));

const scratch = useScratchDirectory();
let server: ScriptedServer | undefined;
let child: ChildProcess | undefined;
beforeAll(async () => {
  // The child runs the built runner; core's dist must have the loop too.
  const coreIndex = nodePath.join(packageDirectory, '../core/dist/index.js');
  const core = await readFile(coreIndex, 'utf8').catch(() => '');
  if (!core.includes('runAgent') || !core.includes('createGlmClient')) {
    await execa('pnpm', ['--filter', '@wright/core', 'build'], { cwd: packageDirectory });
  }
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: packageDirectory });
}, 180_000);
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server?.close();
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('crash safety', () => {
  it('after kill -9 mid-step, resume continues from the last checkpoint plus the journal', async () => {
    const root = await makeRepository(scratch.path, { 'README.md': 'project\n' });
    const repository = await repositoryState(root);
    const dataDirectory = nodePath.join(scratch.path, 'data');
    let resumedRequest: { role: string; content: string; tool_calls?: unknown[] }[] = [];
    server = await startScriptedServer({
      turns: [
        {
          toolCalls: [
            { id: 'call_a', name: 'write_file', arguments: { path: 'a.txt', content: 'step 1\n' } },
          ],
        },
        {
          toolCalls: [
            { id: 'call_b', name: 'write_file', arguments: { path: 'b.txt', content: 'first try\n' } },
            { id: 'call_touch', name: 'shell_touch', arguments: { path: 'c.txt' } },
            { id: 'call_pause', name: 'pause', arguments: {} },
          ],
        },
        (request) => {
          resumedRequest = request.body.messages;
          return {
            toolCalls: [
              { id: 'call_b2', name: 'write_file', arguments: { path: 'b.txt', content: 'second try\n' } },
            ],
          };
        },
        { content: 'Both files are written.' },
      ],
    });

    const childProcess = spawn(
      process.execPath,
      [childScript, JSON.stringify({ cwd: root, dataDirectory, baseUrl: server.baseUrl })],
      {
        cwd: packageDirectory,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = childProcess;
    let stdout = '';
    let stderr = '';
    childProcess.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      childProcess.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      childProcess.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('PAUSED')) resolve();
      });
      childProcess.on('exit', () => reject(new Error(`child exited early: ${stdout} ${stderr}`)));
    });
    childProcess.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(stdout).toContain('CHECKPOINT 1');
    // The interrupted step left its marks.
    expect(await readFile(nodePath.join(root, 'b.txt'), 'utf8')).toBe('first try\n');
    expect(await exists(nodePath.join(root, 'c.txt'))).toBe(true);

    const store = await createSessionStore({ dataDirectory, cwd: root });
    const sessionId = await store.resolve('last');
    expect((await store.readMeta(sessionId)).status).toBe('running');

    const task = runTask({
      cwd: root,
      dataDirectory,
      model: createGlmClient({ apiKey: 'test-key', baseUrl: server.baseUrl, maxRetries: 0 }),
      tools: [writeFileTool],
      resume: 'last',
      prompt: 'Carry on.',
    });
    const events = [];
    for await (const event of task) events.push(event);
    const result = await task.result;
    expect(result.status).toBe('done');
    expect(result.sessionId).toBe(sessionId);

    const repair = events.find((event) => event.type === 'repair');
    expect(repair).toMatchObject({
      type: 'repair',
      revertedFiles: ['b.txt', 'c.txt'],
      restoredStep: 1,
      warnings: [],
    });
    // The model saw step 1 but nothing of the interrupted step.
    const toolCallIds = resumedRequest.flatMap((message) =>
      ((message.tool_calls ?? []) as { id: string }[]).map((call) => call.id),
    );
    expect(toolCallIds).toEqual(['call_a']);
    expect(
      resumedRequest.filter((message) => message.role === 'user').map((message) => message.content),
    ).toEqual(['Write a.txt, then b.txt.', 'Carry on.']);

    expect(await readFile(nodePath.join(root, 'a.txt'), 'utf8')).toBe('step 1\n');
    expect(await readFile(nodePath.join(root, 'b.txt'), 'utf8')).toBe('second try\n');
    expect(await exists(nodePath.join(root, 'c.txt'))).toBe(false);

    const workspace = await task.workspace;
    const { changes } = await workspace.ledger.read();
    expect(changes.map((change) => [change.callId, change.step, change.status])).toEqual([
      ['call_a', 1, 'done'],
      ['call_b', 2, 'reverted'],
      ['call_b2', 2, 'done'],
    ]);
    const session = await loadSession(store.journalPath(sessionId));
    const toolResults = session.messages
      .filter((message) => message.role === 'tool')
      .map((message) => message.toolCallId);
    expect(toolResults).toEqual(['call_a', 'call_b2']);
    expect((await workspace.listCheckpoints()).map((checkpoint) => checkpoint.step)).toEqual([0, 1, 2]);
    expect((await store.readMeta(sessionId)).status).toBe('done');
    // In place, across a crash: the user's index, HEAD and stash are still untouched.
    expect(await repositoryState(root)).toEqual(repository);
  });

  it('after kill -9 between a step’s end and its checkpoint (taken in the background), nothing is lost', async () => {
    const root = await makeRepository(scratch.path, { 'README.md': 'project\n' }, 'between');
    const dataDirectory = nodePath.join(scratch.path, 'data-between');
    // A git that hangs while committing step 1's checkpoint, so the kill lands exactly in that window.
    const shimDirectory = nodePath.join(scratch.path, 'git-shim');
    const marker = nodePath.join(scratch.path, 'checkpoint-started');
    const realGit = (await execa('sh', ['-c', 'command -v git'])).stdout.trim();
    await mkdir(shimDirectory, { recursive: true });
    await writeFile(
      nodePath.join(shimDirectory, 'git'),
      [
        '#!/bin/sh',
        'case " $* " in *" commit-tree "*)',
        '  input=$(cat)',
        `  case "$input" in *"step 1"*) : > '${marker}'; sleep 60;; esac`,
        `  printf '%s\n' "$input" | '${realGit}' "$@"; exit $?;;`,
        'esac',
        `exec '${realGit}' "$@"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    await server?.close();
    server = await startScriptedServer({
      turns: [
        {
          toolCalls: [
            { id: 'call_w', name: 'write_file', arguments: { path: 'tool.txt', content: 'by the tool\n' } },
            { id: 'call_t', name: 'shell_touch', arguments: { path: 'command.txt' } },
          ],
        },
        { content: 'Wrote both.' },
        { content: 'Resumed.' },
      ],
    });
    const childProcess = spawn(
      process.execPath,
      [childScript, JSON.stringify({ cwd: root, dataDirectory, baseUrl: server.baseUrl })],
      {
        cwd: packageDirectory,
        env: { ...process.env, PATH: `${shimDirectory}:${process.env.PATH}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = childProcess;
    let output = '';
    childProcess.stdout.on('data', (chunk) => {
      output += chunk;
    });
    childProcess.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise((resolve) => childProcess.on('exit', resolve));
    const started = Date.now();
    while (!(await exists(marker))) {
      if (Date.now() - started > 20_000) throw new Error(`the checkpoint never started: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    childProcess.kill('SIGKILL');
    await exited;
    expect(await readFile(nodePath.join(root, 'tool.txt'), 'utf8')).toBe('by the tool\n');
    const store = await createSessionStore({ dataDirectory, cwd: root });
    const sessionId = await store.resolve('last');

    const task = runTask({
      cwd: root,
      dataDirectory,
      model: createGlmClient({ apiKey: 'test-key', baseUrl: server.baseUrl, maxRetries: 0 }),
      tools: [writeFileTool],
      resume: sessionId,
      prompt: 'Carry on.',
    });
    for await (const _event of task);
    expect((await task.result).status).toBe('done');
    const workspace = await task.workspace;
    // Step 1's checkpoint was taken on resume, with the tool's and the command's files, and both still stand.
    const step1 = (await workspace.listCheckpoints()).find((checkpoint) => checkpoint.step === 1);
    expect(step1?.files.sort()).toEqual(['command.txt', 'tool.txt']);
    expect(await readFile(nodePath.join(root, 'command.txt'), 'utf8')).toBe('made by a command\n');
    const { changes } = await workspace.ledger.read();
    expect(changes.map((change) => [change.callId, change.status])).toEqual([['call_w', 'done']]);
    // And they are the session's: undo takes both away, nothing else.
    await workspace.restoreCheckpoint(0);
    expect(await exists(nodePath.join(root, 'tool.txt'))).toBe(false);
    expect(await exists(nodePath.join(root, 'command.txt'))).toBe(false);
    expect(await readFile(nodePath.join(root, 'README.md'), 'utf8')).toBe('project\n');
  });
});
