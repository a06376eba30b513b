import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { RecordedRequest, ScriptedTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { binPath, useCliTest } from './cli-harness.js';

const driver = fileURLToPath(new URL('./pty-driver.py', import.meta.url));

/**
 * How to run a command in a pseudo-terminal: python3's pty module, else util-linux `script` (in Debian's essential
 * packages, so a bare CI image has one of them). `WRIGHT_TEST_PTY=script` forces the second.
 */
function inTerminal(command: string[]): [string, string[]] {
  const python = process.env.WRIGHT_TEST_PTY !== 'script' && spawnSync('python3', ['--version']).status === 0;
  if (python) return ['python3', [driver, ...command]];
  const quoted = command.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  return ['script', ['--quiet', '--flush', '--return', '--command', quoted, '/dev/null']];
}

const cli = useCliTest({ files: { 'README.md': '# demo\n', 'notes.txt': 'old line\n' } });

/** The CLI in a real pseudo-terminal; `expect` waits for text to appear after the last mark. */
function startChatInTerminal(args: string[], env: Record<string, string>) {
  const [program, programArgs] = inTerminal([process.execPath, binPath, 'chat', ...args]);
  const child = spawn(program, programArgs, {
    cwd: cli.repo,
    env: { ...env, TERM: 'xterm-256color', COLUMNS: '120', LINES: '40' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let mark = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    type: (text: string) => child.stdin.write(text),
    screen: () => screen,
    exited,
    async waitFor(text: string, timeoutMs = 60_000): Promise<void> {
      const started = Date.now();
      while (!screen.slice(mark).includes(text)) {
        if (Date.now() - started > timeoutMs) {
          throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${screen.slice(mark)}`);
        }
        await sleep(25);
      }
      mark = screen.indexOf(text, mark) + text.length;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

describe('wright chat in a pseudo-terminal', () => {
  it('keeps one session, asks before running a command, cancels a step on Ctrl-C, runs slash commands', async () => {
    const server = await cli.startServer({
      turns: [
        {
          reasoning: 'I will write the proof file with a shell command.',
          toolCalls: [{ name: 'shell', arguments: { command: 'echo approved > proof.txt' } }],
        },
        { content: 'Wrote proof.txt.' },
        { content: `${'slow words '.repeat(300)}`, chunkSize: 4, chunkDelayMs: 40 },
        { content: 'Still here, same session.' },
      ],
    });
    const terminal = startChatInTerminal(['--base-url', server.baseUrl, '--approval', 'auto-edit'], {
      ...cli.scratch.env,
      ZAI_API_KEY: 'test-key',
    });
    try {
      await terminal.waitFor('› ');
      terminal.type('write the proof file\r');
      await terminal.waitFor('approval needed');
      await terminal.waitFor('echo approved > proof.txt');
      await terminal.waitFor('Allow?');
      terminal.type('y\r');
      await terminal.waitFor('Wrote proof.txt.');
      await terminal.waitFor('› ');
      expect(await readFile(join(cli.repo, 'proof.txt'), 'utf8')).toBe('approved\n');

      terminal.type('talk slowly\r');
      await terminal.waitFor('slow words slow words');
      terminal.type('\u0003');
      await terminal.waitFor('interrupted');
      await terminal.waitFor('› ');

      terminal.type('/thinking off\r');
      await terminal.waitFor('thinking off');
      terminal.type('/cost\r');
      await terminal.waitFor('steps ·');
      terminal.type('are you there?\r');
      await terminal.waitFor('Still here, same session.');
      await terminal.waitFor('› ');
      terminal.type('/exit\r');
      expect(await terminal.exited).toBe(0);
    } finally {
      terminal.kill();
    }

    const last = server.requests.at(-1)?.body as {
      messages: Array<Record<string, unknown>>;
      thinking?: { type: string };
    };
    const userMessages = last.messages
      .filter((message) => message.role === 'user')
      .map((message) => message.content);
    expect(userMessages).toEqual(['write the proof file', 'talk slowly', 'are you there?']);
    expect(
      last.messages.some(
        (message) => message.reasoning_content === 'I will write the proof file with a shell command.',
      ),
    ).toBe(true);
    expect(last.thinking?.type).toBe('disabled');
  });

  it('offers to re-run a command the sandbox blocked outside it, and runs it only after a yes', async () => {
    const outside = await mkdtemp('/var/tmp/wright-chat-outside-');
    const command = (name: string) => `echo out > ${outside}/${name}.txt`;
    const server = await cli.startServer({
      turns: [
        { toolCalls: [{ name: 'shell', arguments: { command: command('declined') } }] },
        { content: 'Blocked, as you wished.' },
        { toolCalls: [{ name: 'shell', arguments: { command: command('allowed') } }] },
        { content: 'Written outside.' },
      ],
    });
    const terminal = startChatInTerminal(['--base-url', server.baseUrl, '--approval', 'full'], {
      ...cli.scratch.env,
      ZAI_API_KEY: 'test-key',
    });
    try {
      await terminal.waitFor('› ');
      terminal.type('write outside\r');
      await terminal.waitFor('the sandbox blocked this command');
      await terminal.waitFor('Run it once outside the sandbox');
      terminal.type('n\r');
      await terminal.waitFor('Blocked, as you wished.');
      await terminal.waitFor('› ');
      terminal.type('again\r');
      await terminal.waitFor('Run it once outside the sandbox');
      terminal.type('y\r');
      await terminal.waitFor('Written outside.');
      await terminal.waitFor('› ');
      terminal.type('/exit\r');
      expect(await terminal.exited).toBe(0);
    } finally {
      terminal.kill();
    }
    await expect(readFile(join(outside, 'declined.txt'), 'utf8')).rejects.toThrow();
    expect(await readFile(join(outside, 'allowed.txt'), 'utf8')).toBe('out\n');
    const lastBody = server.requests.at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    const toolResults = lastBody.messages
      .filter((message) => message.role === 'tool')
      .map((message) => message.content);
    expect(toolResults[0]).toContain('[Sandbox: The sandbox (workspace-write) blocked a write');
    expect(toolResults[1]).toMatch(
      /^\[The sandbox blocked this command; the user allowed running it once outside/,
    );
    await rm(outside, { recursive: true, force: true });
  });

  it('read-only asks with the diff; /diff, /model, /compact and /undo act on the session', async () => {
    const isSummaryRequest = (request: RecordedRequest) =>
      JSON.stringify(request.body?.messages?.at(-1) ?? '').includes('Context is running out');
    const replies: ScriptedTurn[] = [
      {
        toolCalls: [
          {
            name: 'edit_file',
            arguments: { path: 'notes.txt', old_string: 'old line', new_string: 'new line' },
          },
        ],
      },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'notes.txt' } }] },
      { toolCalls: [{ name: 'glob', arguments: { pattern: '*.txt' } }] },
      { content: 'Edited notes.txt.' },
      { content: 'I changed one line of notes.txt.' },
    ];
    const server = await cli.startServer({
      turns: Array.from(
        { length: 8 },
        () => (request: RecordedRequest) =>
          isSummaryRequest(request) ? { content: 'SUMMARY: notes.txt was edited.' } : (replies.shift() ?? {}),
      ),
    });
    const terminal = startChatInTerminal(['--base-url', server.baseUrl, '--approval', 'read-only'], {
      ...cli.scratch.env,
      ZAI_API_KEY: 'test-key',
    });
    try {
      await terminal.waitFor('› ');
      terminal.type('/diff\r');
      await terminal.waitFor('nothing yet');
      terminal.type('change the note\r');
      await terminal.waitFor('approval needed');
      await terminal.waitFor('edit_file');
      await terminal.waitFor('-old line');
      await terminal.waitFor('+new line');
      await terminal.waitFor('Allow?');
      terminal.type('y\r');
      await terminal.waitFor('Edited notes.txt.');
      await terminal.waitFor('› ');
      expect(await readFile(join(cli.repo, 'notes.txt'), 'utf8')).toBe('new line\n');

      terminal.type('/diff\r');
      await terminal.waitFor('+new line');
      terminal.type('/model glm-4.6\r');
      await terminal.waitFor('model: glm-4.6');
      terminal.type('/compact\r');
      await terminal.waitFor('compacted before the next prompt');
      terminal.type('what did you do?\r');
      await terminal.waitFor('compacted the conversation (summary)');
      await terminal.waitFor('I changed one line of notes.txt.');
      await terminal.waitFor('› ');

      terminal.type('/undo\r');
      await terminal.waitFor('restored files and conversation');
      expect(await readFile(join(cli.repo, 'notes.txt'), 'utf8')).toBe('old line\n');
      terminal.type('/exit\r');
      expect(await terminal.exited).toBe(0);
    } finally {
      terminal.kill();
    }

    const bodies = server.requests.map((request) => request.body as { model: string; messages: unknown[] });
    const summaries = server.requests.filter(isSummaryRequest);
    expect(summaries).toHaveLength(1);
    expect(bodies.slice(0, 4).map((body) => body.model)).toEqual([
      'glm-4.7',
      'glm-4.7',
      'glm-4.7',
      'glm-4.7',
    ]);
    const last = bodies.at(-1);
    expect(last?.model).toBe('glm-4.6');
    expect(JSON.stringify(last?.messages)).toContain('SUMMARY: notes.txt was edited.');
  });
});
