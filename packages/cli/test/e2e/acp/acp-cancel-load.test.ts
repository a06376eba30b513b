import { methods } from '@agentclientprotocol/sdk';
import { processesWith, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { useCliTest } from '../cli-harness.js';
import { type FakeEditor, startFakeEditor } from './fake-editor.js';
import { openSession, prompt, updatesOf, waitFor } from './session-helpers.js';

const cli = useCliTest({ files: { 'README.md': '# project\n' } });
let editors: FakeEditor[] = [];
afterEach(async () => {
  // Should a test fail, do not leave its sleeps behind on the machine.
  for (const pid of sleepers()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  for (const editor of editors) await editor.close();
  editors = [];
});

function start(args: string[] = []): FakeEditor {
  const editor = startFakeEditor({
    cwd: cli.repo,
    env: { ...cli.env, WRIGHT_BASE_URL: cli.server.baseUrl },
    args,
  });
  editors.push(editor);
  return editor;
}

describe('wright acp cancel', () => {
  it('aborts the step mid-tool, kills its processes and answers cancelled', async () => {
    // Found by a unique command line: inside the sandbox's PID namespace, `$$` is not the host's PID.
    const command = `sleep ${sleeps[0]} & sleep ${sleeps[1]}; wait`;
    const server = await cli.startServer({
      turns: [toolCallTurn([{ id: 'call_wait', name: 'shell', arguments: { command } }]), textTurn('unused')],
    });
    const editor = start(['--approval', 'full']);
    const sessionId = await openSession(editor, cli.repo);
    const response = prompt(editor, sessionId, 'wait a minute');
    await waitFor(async () => sleepers().length === 2);
    await editor.agent.notify(methods.agent.session.cancel, { sessionId });
    expect(await response).toBe('cancelled');
    // The kill is sent before the answer, but on a loaded machine the sandbox's processes take a moment to be reaped.
    await waitFor(async () => sleepers().length === 0, 60_000);
    const ends = updatesOf(editor.updates, 'tool_call_update').filter(
      (update) => update.status !== 'in_progress',
    );
    expect(ends.map((update) => [update.toolCallId, update.status])).toEqual([['call_wait', 'failed']]);
    // The model was not asked again after the cancel.
    expect(server.requests).toHaveLength(1);
    expect(editor.violations).toEqual([]);
  });

  it('withdraws a pending permission request and answers cancelled', async () => {
    const server = await cli.startServer({
      turns: [
        toolCallTurn([{ id: 'call_ask', name: 'shell', arguments: { command: 'echo hi' } }]),
        textTurn('unused'),
      ],
    });
    let asked = false;
    const editor = startFakeEditor({
      cwd: cli.repo,
      env: { ...cli.env, WRIGHT_BASE_URL: server.baseUrl },
      permission: () => {
        asked = true;
        return new Promise(() => {});
      },
    });
    editors.push(editor);
    const sessionId = await openSession(editor, cli.repo);
    const response = prompt(editor, sessionId, 'say hi');
    await waitFor(() => asked);
    await editor.agent.notify(methods.agent.session.cancel, { sessionId });
    expect(await response).toBe('cancelled');
    const cancelRequest = editor.wire.find(
      (entry) => entry.direction === 'in' && entry.message.method === '$/cancel_request',
    );
    expect(cancelRequest).toBeDefined();
  });
});

describe('wright acp session/load', () => {
  it('replays a finished session and keeps its reasoning byte for byte in the next request', async () => {
    const reasoning = '  Plan: read → edit; keep “quotes”, tabs\tand ünïcode 𝒙 exactly.\n\n';
    const server = await cli.startServer({
      turns: [
        toolCallTurn([{ id: 'call_read', name: 'read_file', arguments: { path: 'README.md' } }], reasoning),
        textTurn('The README is a title only.', 'Short file.  '),
        textTurn('Still a title only.', 'Second prompt.'),
      ],
    });
    const first = start();
    const sessionId = await openSession(first, cli.repo);
    expect(await prompt(first, sessionId, 'what is in the README?')).toBe('end_turn');
    expect(await first.close()).toBe(0);
    const earlier = server.requests[1]?.body.messages as unknown[];

    const second = start();
    await second.agent.request(methods.agent.initialize, { protocolVersion: 1 });
    const loaded = await second.agent.request(methods.agent.session.load, {
      sessionId,
      cwd: cli.repo,
      mcpServers: [],
    });
    expect(loaded.modes?.currentModeId).toBe('auto-edit');
    const replay = second.updates.map(({ update }) => update.sessionUpdate);
    expect(replay).toEqual([
      'user_message_chunk',
      'agent_thought_chunk',
      'tool_call',
      'tool_call_update',
      'agent_thought_chunk',
      'agent_message_chunk',
    ]);
    expect(updatesOf(second.updates, 'agent_thought_chunk')[0]?.content).toEqual({
      type: 'text',
      text: reasoning,
    });

    expect(await prompt(second, sessionId, 'and now?')).toBe('end_turn');
    const next = server.requests[2];
    const messages = next?.body.messages as Array<Record<string, unknown>>;
    // The earlier request's messages, then the earlier answer, then the new prompt: nothing rewritten.
    expect(messages.slice(0, earlier.length)).toEqual(earlier);
    expect(messages[earlier.length]).toMatchObject({ role: 'assistant', reasoning_content: 'Short file.  ' });
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'and now?' });
    expect(next?.rawBody).toContain(JSON.stringify(reasoning));
    expect(messages.find((message) => message.role === 'assistant')?.reasoning_content).toBe(reasoning);
    expect(second.violations).toEqual([]);
  });

  it('answers a clear error for a session that is not stored', async () => {
    await cli.startServer({ turns: [] });
    const editor = start();
    await editor.agent.request(methods.agent.initialize, { protocolVersion: 1 });
    await expect(
      editor.agent.request(methods.agent.session.load, {
        sessionId: 'no-such-session',
        cwd: cli.repo,
        mcpServers: [],
      }),
    ).rejects.toMatchObject({
      code: -32002,
      message: expect.stringContaining('no stored Wright session no-such-session'),
    });
  });
});

/** Two sleep lengths no other process on the machine uses (another run of this file included). */
const sleeps = [6071, 6072].map((whole) => `${whole}.${process.pid}${Math.floor(Math.random() * 1000)}`);

/** Host PIDs of this test's two sleeps, from every process's command line. */
function sleepers(): number[] {
  return sleeps.flatMap((length) =>
    processesWith(`sleep ${length}`)
      .filter((found) => found.commandLine === `sleep ${length}`)
      .map((found) => found.pid),
  );
}
