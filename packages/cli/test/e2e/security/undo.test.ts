import { execFile, spawn } from 'node:child_process';
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { ScriptedTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { binPath, parseJsonLines, useCliTest } from '../cli-harness.js';

const cli = useCliTest({ files: { 'README.md': '# project\n', 'notes.txt': 'old line\n' } });

const serve = (turns: ScriptedTurn[]) => cli.startServer({ turns });
const write = (path: string, content: string): ScriptedTurn => ({
  toolCalls: [{ name: 'write_file', arguments: { path, content } }],
});
const shell = (command: string): ScriptedTurn => ({ toolCalls: [{ name: 'shell', arguments: { command } }] });
const read = (path: string) => readFile(join(cli.repo, path), 'utf8').catch(() => null);
const wright = (args: string[], input?: string) => cli.run(args, { input });

const runCommand = async (command: string, args: string[]) =>
  (await promisify(execFile)(command, args)).stdout;

async function runSession(turns: ScriptedTurn[], task: string) {
  const server = await serve([...turns, { content: 'Done.' }]);
  const run = await wright(['run', '--json', '--base-url', server.baseUrl, '--approval', 'full', task]);
  const result = parseJsonLines(run.stdout).at(-1);
  return { run, sessionId: String(result?.sessionId) };
}

describe('wright undo never destroys work it did not do', () => {
  it("keeps the user's edits and new files, and stops (naming the file) when the user edited a session file", async () => {
    const { run } = await runSession(
      [write('made.txt', 'by wright\n'), write('notes.txt', 'new line\n')],
      'write two files',
    );
    expect(run.exitCode).toBe(0);
    // The user keeps working next to the session.
    await writeFile(join(cli.repo, 'README.md'), '# project, edited by hand\n');
    await writeFile(join(cli.repo, 'mine.txt'), 'my own file\n');

    const undo = await wright(['undo', '--to', '0']);
    expect(undo.stderr).toBe('');
    expect(undo.exitCode).toBe(0);
    expect(await read('made.txt')).toBeNull();
    expect(await read('notes.txt')).toBe('old line\n');
    expect(await read('README.md')).toBe('# project, edited by hand\n');
    expect(await read('mine.txt')).toBe('my own file\n');

    // Redo the session's work, then the user edits a file the session wrote: undo refuses and names it.
    expect((await wright(['undo', '--to', '2'])).exitCode).toBe(0);
    expect(await read('notes.txt')).toBe('new line\n');
    await writeFile(join(cli.repo, 'notes.txt'), 'new line\nthe user added this\n');
    const refused = await wright(['undo', '--to', '0']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('wright undo: notes.txt changed since session');
    expect(refused.stderr).toContain("'wright undo --force'");
    expect(await read('notes.txt')).toBe('new line\nthe user added this\n');
    expect(await read('made.txt')).toBe('by wright\n');

    // Forced, the current files are saved first, so the forced undo can itself be undone.
    const forced = await wright(['undo', '--to', '0', '--force']);
    expect(forced.exitCode).toBe(0);
    const savedStep = /saved as step (\d+)/.exec(forced.stdout)?.[1];
    expect(savedStep).toBeDefined();
    expect(await read('notes.txt')).toBe('old line\n');
    expect(await read('made.txt')).toBeNull();
    expect(await read('mine.txt')).toBe('my own file\n');
    const back = await wright(['undo', '--to', String(savedStep)]);
    expect(back.exitCode).toBe(0);
    expect(await read('notes.txt')).toBe('new line\nthe user added this\n');
    expect(await read('made.txt')).toBe('by wright\n');
  });

  // Both runs share the work tree: each command holds the project's work-tree lock, so neither session counts the
  // other's writes or commands as its own (this failed about one run in three before the lock).
  it('two concurrent first runs in one directory: both succeed, each diff and undo covers its own work', async () => {
    const [first, second] = await Promise.all([
      runSession([write('a.txt', 'from a\n'), shell('echo shell-a > a-shell.txt')], 'session a'),
      runSession([write('b.txt', 'from b\n'), shell('echo shell-b > b-shell.txt')], 'session b'),
    ]);
    for (const session of [first, second]) {
      expect(session.run.stderr).not.toContain('cannot copy template');
      expect(session.run.exitCode).toBe(0);
    }
    const diffA = await wright(['diff', first.sessionId]);
    const diffB = await wright(['diff', second.sessionId]);
    expect(diffA.stdout).toContain('+from a');
    expect(diffA.stdout).toContain('+shell-a');
    expect(diffA.stdout).not.toContain('b.txt');
    expect(diffA.stdout).not.toContain('b-shell');
    expect(diffB.stdout).toContain('+from b');
    expect(diffB.stdout).not.toContain('a.txt');

    const undoA = await wright(['undo', '--to', '0', '--session', first.sessionId]);
    expect(undoA.exitCode).toBe(0);
    expect([await read('a.txt'), await read('a-shell.txt')]).toEqual([null, null]);
    expect([await read('b.txt'), await read('b-shell.txt')]).toEqual(['from b\n', 'shell-b\n']);
    const undoB = await wright(['undo', '--to', '0', '--session', second.sessionId]);
    expect(undoB.exitCode).toBe(0);
    expect([await read('b.txt'), await read('b-shell.txt')]).toEqual([null, null]);
  });

  it('after kill -9 between a step’s end and its checkpoint, undo without a resume takes the missing checkpoint first', async () => {
    // A git that hangs while committing step 1's checkpoint (taken in the background), so the kill lands exactly
    // after the step ended and before its checkpoint exists.
    const shim = join(cli.scratch.root, 'git-shim');
    const marker = join(cli.scratch.root, 'checkpoint-started');
    const realGit = (await runCommand('sh', ['-c', 'command -v git'])).trim();
    await mkdir(shim, { recursive: true });
    await writeFile(
      join(shim, 'git'),
      [
        '#!/bin/sh',
        'case " $* " in *" commit-tree "*)',
        '  input=$(cat)',
        `  case "$input" in *"step 1"*) echo $$ > '${marker}'; exec sleep 120;; esac`,
        `  printf '%s\n' "$input" | '${realGit}' "$@"; exit $?;;`,
        'esac',
        `exec '${realGit}' "$@"`,
        '',
      ].join('\n'),
    );
    await chmod(join(shim, 'git'), 0o755);
    await serve([
      {
        toolCalls: [
          { name: 'write_file', arguments: { path: 'tool.txt', content: 'by the tool\n' } },
          { name: 'shell', arguments: { command: 'echo by a command > command.txt' } },
        ],
      },
      { content: 'Wrote both.' },
    ]);
    const run = cli.startTask(['--approval', 'full', 'write two files'], {
      env: { ...cli.env, PATH: `${shim}:${cli.env.PATH}` },
    });
    const exited = new Promise((resolve) => run.child.on('exit', resolve));
    const started = Date.now();
    while (
      !(await access(marker).then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() - started > 90_000) throw new Error('the checkpoint of step 1 never started');
      await sleep(50);
    }
    run.child.kill('SIGKILL');
    await exited;
    process.kill(Number((await readFile(marker, 'utf8')).trim()), 'SIGKILL');
    expect([await read('tool.txt'), await read('command.txt')]).toEqual(['by the tool\n', 'by a command\n']);

    // No resume: undo repairs first (step 1's checkpoint is taken from the ledger), then goes one step back.
    const undo = await wright(['undo']);
    expect(undo.stderr).toBe('');
    expect(undo.exitCode).toBe(0);
    expect(undo.stdout).toContain('to step 0');
    expect(undo.stdout).toContain('repaired first');
    expect([await read('tool.txt'), await read('command.txt')]).toEqual([null, null]);
    expect(await read('README.md')).toBe('# project\n');
    // Nothing of step 1 was lost: redoing it brings both files back.
    const redo = await wright(['undo', '--to', '1']);
    expect(redo.exitCode).toBe(0);
    expect([await read('tool.txt'), await read('command.txt')]).toEqual(['by the tool\n', 'by a command\n']);
  });

  it("chat's /undo keeps the user's edits, refuses over them, and /undo --force can be undone", async () => {
    const server = await serve([
      { toolCalls: [{ name: 'write_file', arguments: { path: 'made.txt', content: 'chat file\n' } }] },
      { content: 'Written.' },
      write('notes.txt', 'chat line\n'),
      { content: 'Written again.' },
    ]);
    const chat = startChat(['chat', '--base-url', server.baseUrl, '--approval', 'full']);
    chat.send('write a file');
    await chat.waitFor('Written.');
    await writeFile(join(cli.repo, 'README.md'), '# project, edited during the chat\n');
    await writeFile(join(cli.repo, 'mine.txt'), 'my own file\n');
    chat.send('/undo');
    await chat.waitFor('to step 0');
    expect(await read('made.txt')).toBeNull();
    expect(await read('README.md')).toBe('# project, edited during the chat\n');
    expect(await read('mine.txt')).toBe('my own file\n');

    chat.send('write notes');
    await chat.waitFor('Written again.');
    await writeFile(join(cli.repo, 'notes.txt'), 'chat line\nand mine\n');
    chat.send('/undo');
    await chat.waitFor('nothing was undone');
    expect(await read('notes.txt')).toBe('chat line\nand mine\n');
    chat.send('/undo --force');
    await chat.waitFor('brings them back');
    expect(await read('notes.txt')).toBe('old line\n');
    chat.send('/exit');
    expect(await chat.exited).toBe(0);
    const savedStep = /saved as step (\d+)/.exec(chat.output())?.[1];
    const back = await wright(['undo', '--to', String(savedStep)]);
    expect(back.exitCode).toBe(0);
    expect(await read('notes.txt')).toBe('chat line\nand mine\n');
    expect(await read('mine.txt')).toBe('my own file\n');
  });
});

/** `wright chat` with stdin kept open, so the test can act between prompts. */
function startChat(args: string[]) {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: cli.repo,
    env: cli.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let mark = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    send: (line: string) => child.stdin.write(`${line}\n`),
    output: () => output,
    exited,
    async waitFor(text: string, timeoutMs = 60_000) {
      const started = Date.now();
      while (!output.slice(mark).includes(text)) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${text}:\n${output}`);
        await sleep(25);
      }
      mark = output.indexOf(text, mark) + text.length;
    },
  };
}
