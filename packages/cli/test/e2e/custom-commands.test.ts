import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, runCliProcess, type Scratch } from './cli-harness.js';
import { lastUserMessage } from './run-helpers.js';

let scratch: Scratch;
let server: ScriptedServer | undefined;
let repo: string;
let env: Record<string, string>;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, {
    'src/a.ts': 'export const a = 1;\n',
    '.wright/commands/review.md':
      '---\ndescription: Review one file\n---\nReview $ARGUMENTS for bugs. Start with $1 and report in $2 words.\n',
  });
  env = { ...scratch.env, ZAI_API_KEY: 'test-key' };
  const userCommands = join(env.XDG_CONFIG_HOME as string, 'wright', 'commands');
  await mkdir(userCommands, { recursive: true });
  await writeFile(join(userCommands, 'explain.md'), 'Explain the code base simply.\n');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

const lastUser = lastUserMessage;

describe('custom commands', () => {
  it('wright run --command sends the filled-in prompt', async () => {
    server = await startScriptedServer({ turns: [{ content: 'Reviewed.' }, { content: 'Explained.' }] });
    const run = await runCliProcess(
      ['run', '--base-url', server.baseUrl, '--command', 'review', 'src/a.ts', 'fifty'],
      { cwd: repo, env },
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(lastUser(server.requests[0])).toBe(
      'Review src/a.ts fifty for bugs. Start with src/a.ts and report in fifty words.',
    );
    // A user command without placeholders, without arguments: the template as it is.
    const user = await runCliProcess(['run', '--base-url', server.baseUrl, '--command', 'explain'], {
      cwd: repo,
      env,
    });
    expect(user.exitCode).toBe(0);
    expect(lastUser(server.requests[1])).toBe('Explain the code base simply.');
  });

  it('refuses an unknown command in one line listing the available ones, exit 2', async () => {
    const run = await runCliProcess(['run', '--command', 'reveiw', 'src/a.ts'], { cwd: repo, env });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain("wright run: unknown custom command 'reveiw'; available: explain, review");
  });

  it('/name args in wright chat runs the command; /help lists it', async () => {
    server = await startScriptedServer({ turns: [{ content: 'Chat reviewed.' }] });
    const chat = await runCliProcess(['chat', '--base-url', server.baseUrl], {
      cwd: repo,
      env,
      input: '/help\n/review src/a.ts ten\n/exit\n',
    });
    expect(chat.exitCode).toBe(0);
    expect(chat.stdout).toContain('/review              Review one file');
    expect(chat.stdout).toContain('Chat reviewed.');
    expect(lastUser(server.requests[0])).toBe(
      'Review src/a.ts ten for bugs. Start with src/a.ts and report in ten words.',
    );
  });

  it('/name args in wright chat: quotes group words for $1 and $2, an unbalanced quote is refused', async () => {
    server = await startScriptedServer({ turns: [{ content: 'Chat reviewed.' }] });
    const chat = await runCliProcess(['chat', '--base-url', server.baseUrl], {
      cwd: repo,
      env,
      input: `/review "src/my file.ts" 'twenty five'\n/review "src/my file.ts\n/exit\n`,
    });
    expect(chat.exitCode).toBe(0);
    expect(chat.stdout).toContain(
      '/review: unbalanced " quote at character 1 of the arguments; close it, or write \\" for the character itself',
    );
    // Only the first line reached the model.
    expect(server.requests).toHaveLength(1);
    expect(lastUser(server.requests[0])).toBe(
      `Review "src/my file.ts" 'twenty five' for bugs. Start with src/my file.ts and report in twenty five words.`,
    );
  });
});
