import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RequestPermissionRequest } from '@agentclientprotocol/sdk';
import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { useCliTest } from '../cli-harness.js';
import { type FakeEditor, startFakeEditor } from './fake-editor.js';
import { openSession, prompt, updatesOf } from './session-helpers.js';

const cli = useCliTest({ files: { 'README.md': '# project\n' } });
let editor: FakeEditor | undefined;
afterEach(async () => {
  await editor?.close();
  editor = undefined;
});

const touchCall = { id: 'call_touch', name: 'shell', arguments: { command: 'echo made > made.txt' } };

async function runWithAnswer(
  optionId: string,
): Promise<{ stopReason: string; requests: RequestPermissionRequest[] }> {
  const server = await cli.startServer({
    turns: [toolCallTurn([touchCall], 'I will create the file.'), textTurn('Done.')],
  });
  editor = startFakeEditor({
    cwd: cli.repo,
    env: { ...cli.env, WRIGHT_BASE_URL: server.baseUrl },
    permission: () => ({ outcome: { outcome: 'selected', optionId } }),
  });
  const sessionId = await openSession(editor, cli.repo);
  const stopReason = await prompt(editor, sessionId, 'create made.txt');
  return { stopReason, requests: editor.permissionRequests };
}

describe('wright acp permissions', () => {
  it('asks the editor before a command (auto-edit) and runs it when allowed', async () => {
    const { stopReason, requests } = await runWithAnswer('allow-once');
    expect(stopReason).toBe('end_turn');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.toolCall).toMatchObject({ toolCallId: 'call_touch', kind: 'execute' });
    expect(requests[0]?.options.map((option) => [option.optionId, option.kind])).toEqual([
      ['allow-once', 'allow_once'],
      ['allow-always', 'allow_always'],
      ['reject-once', 'reject_once'],
      ['reject-always', 'reject_always'],
    ]);
    expect(await readFile(join(cli.repo, 'made.txt'), 'utf8')).toBe('made\n');
    const ends = updatesOf(editor?.updates ?? [], 'tool_call_update').filter(
      (update) => update.status !== 'in_progress',
    );
    expect(ends.map((update) => [update.toolCallId, update.status])).toEqual([['call_touch', 'completed']]);
    expect(editor?.violations).toEqual([]);
  });

  it('does not run the command when the editor rejects it, and tells the model', async () => {
    const { stopReason, requests } = await runWithAnswer('reject-once');
    expect(stopReason).toBe('end_turn');
    expect(requests).toHaveLength(1);
    await expect(readFile(join(cli.repo, 'made.txt'), 'utf8')).rejects.toThrow(/ENOENT/);
    const ends = updatesOf(editor?.updates ?? [], 'tool_call_update').filter(
      (update) => update.status !== 'in_progress',
    );
    expect(ends.map((update) => [update.toolCallId, update.status])).toEqual([['call_touch', 'failed']]);
    const toolMessage = cli.server.requests[1]?.body.messages.find(
      (message: { role: string }) => message.role === 'tool',
    );
    expect(toolMessage.content).toContain('The user rejected this call in the editor');
    expect(editor?.violations).toEqual([]);
  });

  it('remembers "always allow" for the rest of the session', async () => {
    const server = await cli.startServer({
      turns: [
        toolCallTurn([touchCall]),
        toolCallTurn([{ ...touchCall, id: 'call_again' }]),
        textTurn('Done.'),
      ],
    });
    editor = startFakeEditor({
      cwd: cli.repo,
      env: { ...cli.env, WRIGHT_BASE_URL: server.baseUrl },
      permission: () => ({ outcome: { outcome: 'selected', optionId: 'allow-always' } }),
    });
    const sessionId = await openSession(editor, cli.repo);
    expect(await prompt(editor, sessionId, 'create made.txt twice')).toBe('end_turn');
    expect(editor.permissionRequests).toHaveLength(1);
    const ends = updatesOf(editor.updates, 'tool_call_update').filter(
      (update) => update.status !== 'in_progress',
    );
    expect(ends.map((update) => update.status)).toEqual(['completed', 'completed']);
  });

  it('treats a cancelled permission request as a denial', async () => {
    const { stopReason } = await (async () => {
      const server = await cli.startServer({ turns: [toolCallTurn([touchCall]), textTurn('Done.')] });
      editor = startFakeEditor({
        cwd: cli.repo,
        env: { ...cli.env, WRIGHT_BASE_URL: server.baseUrl },
        permission: () => ({ outcome: { outcome: 'cancelled' } }),
      });
      const sessionId = await openSession(editor, cli.repo);
      return { stopReason: await prompt(editor, sessionId, 'create made.txt') };
    })();
    expect(stopReason).toBe('end_turn');
    await expect(readFile(join(cli.repo, 'made.txt'), 'utf8')).rejects.toThrow(/ENOENT/);
    const toolMessage = cli.server.requests[1]?.body.messages.find(
      (message: { role: string }) => message.role === 'tool',
    );
    expect(toolMessage.content).toContain('cancelled');
  });
});
