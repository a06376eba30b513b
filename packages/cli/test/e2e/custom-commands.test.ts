import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCliTest } from './cli-harness.js';
import { lastUserMessage } from './run-helpers.js';

const cli = useCliTest({
  files: {
    'src/a.ts': 'export const a = 1;\n',
    '.wright/commands/review.md':
      '---\ndescription: Review one file\n---\nReview $ARGUMENTS for bugs. Start with $1 and report in $2 words.\n',
  },
});
beforeEach(async () => {
  const userCommands = join(cli.env.XDG_CONFIG_HOME as string, 'wright', 'commands');
  await mkdir(userCommands, { recursive: true });
  await writeFile(join(userCommands, 'explain.md'), 'Explain the code base simply.\n');
});

const lastUser = lastUserMessage;

describe('custom commands', () => {
  it('wright run --command sends the filled-in prompt', async () => {
    const server = await cli.startServer({ turns: [{ content: 'Reviewed.' }, { content: 'Explained.' }] });
    const run = await cli.runTask(['--command', 'review', 'src/a.ts', 'fifty']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(lastUser(server.requests[0])).toBe(
      'Review src/a.ts fifty for bugs. Start with src/a.ts and report in fifty words.',
    );
    // A user command without placeholders, without arguments: the template as it is.
    const user = await cli.runTask(['--command', 'explain']);
    expect(user.exitCode).toBe(0);
    expect(lastUser(server.requests[1])).toBe('Explain the code base simply.');
  });

  it('refuses an unknown command in one line listing the available ones, exit 2', async () => {
    const run = await cli.run(['run', '--command', 'reveiw', 'src/a.ts']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain("wright run: unknown custom command 'reveiw'; available: explain, review");
  });

  it('/name args in wright chat runs the command; /help lists it', async () => {
    const server = await cli.startServer({ turns: [{ content: 'Chat reviewed.' }] });
    const chat = await cli.run(['chat', '--base-url', server.baseUrl], {
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
    const server = await cli.startServer({ turns: [{ content: 'Chat reviewed.' }] });
    const chat = await cli.run(['chat', '--base-url', server.baseUrl], {
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
