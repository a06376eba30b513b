import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { methods } from '@agentclientprotocol/sdk';
import { type ScriptedServer, startScriptedServer, textTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, type Scratch } from '../cli-harness.js';
import { lastUserMessage } from '../run-helpers.js';
import { editorPool, openSession, prompt, updatesOf, waitFor } from './session-helpers.js';

// Custom commands over ACP: advertised with available_commands_update after session/new and session/load, and run
// when a prompt is `/name args`, with the arguments filled in as in chat.

let scratch: Scratch;
let server: ScriptedServer | undefined;
let repo: string;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, {
    'README.md': '# app\n',
    '.wright/commands/review.md':
      '---\ndescription: Review one file\n---\nReview $ARGUMENTS. Start with $1, report in $2 words.\n',
  });
  const userCommands = join(scratch.env.XDG_CONFIG_HOME as string, 'wright', 'commands');
  await mkdir(userCommands, { recursive: true });
  await writeFile(join(userCommands, 'explain.md'), 'Explain the code base simply.\n');
});
afterEach(async () => {
  await editors.closeAll();
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

const editors = editorPool(() => ({ cwd: repo, env: scratch.env, baseUrl: server?.baseUrl }));
const start = () => editors.start();

const advertised = [
  { name: 'explain', description: expect.stringContaining('custom command (') },
  { name: 'review', description: 'Review one file', input: { hint: 'arguments' } },
];

describe('custom commands over ACP', () => {
  it('advertises them after session/new (after its response) and runs /name args with quotes', async () => {
    server = await startScriptedServer({ turns: [textTurn('Reviewed.'), textTurn('Explained.')] });
    const editor = start();
    const sessionId = await openSession(editor, repo);
    await waitFor(() => updatesOf(editor.updates, 'available_commands_update').length > 0);
    const [update] = updatesOf(editor.updates, 'available_commands_update');
    expect(update?.availableCommands).toEqual(advertised);
    expect(editor.updates[0]?.sessionId).toBe(sessionId);
    // The editor learns the session id (the session/new response) before any update for it.
    const newResponse = editor.wire.findIndex(
      (entry) => entry.direction === 'in' && (entry.message.result as { sessionId?: string })?.sessionId,
    );
    const firstUpdate = editor.wire.findIndex(
      (entry) => entry.direction === 'in' && entry.message.method === 'session/update',
    );
    expect(newResponse).toBeGreaterThanOrEqual(0);
    expect(newResponse).toBeLessThan(firstUpdate);

    expect(await prompt(editor, sessionId, `/review "src/my file.ts" 'ten'`)).toBe('end_turn');
    expect(lastUserMessage(server.requests[0])).toBe(
      `Review "src/my file.ts" 'ten'. Start with src/my file.ts, report in ten words.`,
    );
    expect(await prompt(editor, sessionId, '/explain')).toBe('end_turn');
    expect(lastUserMessage(server.requests[1])).toBe('Explain the code base simply.');
    expect(editor.violations).toEqual([]);
  });

  it('refuses /name args with an unclosed quote, sending nothing to the model; other /text goes through', async () => {
    server = await startScriptedServer({ turns: [textTurn('No such command here.')] });
    const editor = start();
    const sessionId = await openSession(editor, repo);
    await expect(prompt(editor, sessionId, '/review "src/a.ts')).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining(
        '/review: unbalanced " quote at character 1 of the arguments; close it, or write \\" for the character itself',
      ),
    });
    expect(server.requests).toHaveLength(0);
    expect(await prompt(editor, sessionId, '/unknown thing')).toBe('end_turn');
    expect(lastUserMessage(server.requests[0])).toBe('/unknown thing');
  });

  it('advertises them again after session/load', async () => {
    server = await startScriptedServer({ turns: [textTurn('Hello.')] });
    const first = start();
    const sessionId = await openSession(first, repo);
    expect(await prompt(first, sessionId, 'hi')).toBe('end_turn');
    await first.close();

    const second = start();
    await second.agent.request(methods.agent.initialize, { protocolVersion: 1 });
    await second.agent.request(methods.agent.session.load, { sessionId, cwd: repo, mcpServers: [] });
    const updates = updatesOf(second.updates, 'available_commands_update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.availableCommands).toEqual(advertised);
    expect(second.violations).toEqual([]);
  });

  it('sends no update when there are no commands', async () => {
    await scratch.cleanup();
    scratch = await createScratch();
    repo = await createGitRepo(scratch.root, { 'README.md': '# app\n' });
    server = await startScriptedServer({ turns: [textTurn('Hello.')] });
    const editor = start();
    const sessionId = await openSession(editor, repo);
    expect(await prompt(editor, sessionId, 'hi')).toBe('end_turn');
    expect(updatesOf(editor.updates, 'available_commands_update')).toEqual([]);
  });
});
