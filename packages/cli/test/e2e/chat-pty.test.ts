import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, createGitRepo, createScratch, type Scratch } from './cli-harness.js';

const driver = fileURLToPath(new URL('./pty-driver.py', import.meta.url));

let scratch: Scratch;
let server: ScriptedServer | undefined;
let repo: string;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, { 'README.md': '# demo\n' });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

/** The CLI in a real pseudo-terminal; `expect` waits for text to appear after the last mark. */
function startChatInTerminal(args: string[], env: Record<string, string>) {
  const child = spawn('python3', [driver, process.execPath, binPath, 'chat', ...args], {
    cwd: repo,
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
    async waitFor(text: string, timeoutMs = 20_000): Promise<void> {
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
    server = await startScriptedServer({
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
      ...scratch.env,
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
      expect(await readFile(join(repo, 'proof.txt'), 'utf8')).toBe('approved\n');

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
});
