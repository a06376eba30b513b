import { methods, PROTOCOL_VERSION } from '@agentclientprotocol/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { useCliTest } from '../cli-harness.js';
import { type FakeEditor, startFakeEditor } from './fake-editor.js';
import { openSession, waitFor } from './session-helpers.js';

const cli = useCliTest({ files: { 'README.md': '# project\n' } });
let editor: FakeEditor | undefined;
afterEach(async () => {
  await editor?.close();
  editor = undefined;
});

/** Sends a raw line and resolves with the agent's reply to `id`. */
async function rawReply(target: FakeEditor, line: string, id: unknown): Promise<Record<string, unknown>> {
  const seen = target.wire.length;
  target.sendRaw(line);
  let reply: Record<string, unknown> | undefined;
  await waitFor(() => {
    reply = target.wire
      .slice(seen)
      .find((entry) => entry.direction === 'in' && entry.message.id === id)?.message;
    return reply !== undefined;
  });
  return reply as Record<string, unknown>;
}

describe('wright acp malformed requests', () => {
  it('answers each with a clear JSON-RPC error and keeps serving', async () => {
    editor = startFakeEditor({ cwd: cli.repo, env: cli.env });
    const before = await rawReply(
      editor,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'early',
        method: 'session/new',
        params: { cwd: cli.repo, mcpServers: [] },
      }),
      'early',
    );
    expect(before.error).toMatchObject({
      code: -32600,
      message: expect.stringContaining('must be initialized'),
    });

    const sessionId = await openSession(editor, cli.repo);

    const invalidJson = await rawReply(editor, '{"jsonrpc":"2.0","id":7,"method":', null);
    expect(invalidJson.error).toMatchObject({ code: -32700, message: 'Parse error' });

    const badParams = await rawReply(
      editor,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'bad',
        method: 'session/prompt',
        params: { sessionId, prompt: 'hi' },
      }),
      'bad',
    );
    expect(badParams.error).toMatchObject({ code: -32602, message: 'Invalid params' });
    expect(JSON.stringify((badParams.error as { data: unknown }).data)).toContain('prompt');

    await expect(
      editor.agent.request(methods.agent.session.prompt, {
        sessionId: 'not-a-session',
        prompt: [{ type: 'text', text: 'hi' }],
      }),
    ).rejects.toMatchObject({
      code: -32002,
      message: expect.stringContaining('no session not-a-session on this connection'),
      data: { sessionId: 'not-a-session' },
    });

    await expect(editor.agent.request('session/fly', {})).rejects.toMatchObject({
      code: -32601,
      message: expect.stringContaining('session/fly'),
    });

    await expect(
      editor.agent.request(methods.agent.session.new, { cwd: 'relative/dir', mcpServers: [] }),
    ).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('cwd must be an absolute path'),
    });

    await expect(
      editor.agent.request(methods.agent.session.setMode, { sessionId, modeId: 'yolo' }),
    ).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('use read-only, auto-edit or full'),
    });

    await expect(
      editor.agent.request(methods.agent.session.setConfigOption, {
        sessionId,
        configId: 'thinking',
        value: 'loud',
      }),
    ).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('on, off or auto') });

    // Still serving after all that.
    const modes = await editor.agent.request(methods.agent.session.setMode, {
      sessionId,
      modeId: 'read-only',
    });
    expect(modes).toEqual({});
    const options = await editor.agent.request(methods.agent.session.setConfigOption, {
      sessionId,
      configId: 'thinking',
      value: 'off',
    });
    expect(options.configOptions[0]).toMatchObject({ id: 'thinking', currentValue: 'off' });
    expect(await editor.close()).toBe(0);
    expect(editor.violations).toEqual([]);
  });

  it('says how to set a key when none is configured', async () => {
    editor = startFakeEditor({ cwd: cli.repo, env: cli.scratch.env });
    await editor.agent.request(methods.agent.initialize, { protocolVersion: PROTOCOL_VERSION });
    const missingKey = { code: -32000, message: expect.stringContaining('export ZAI_API_KEY=<your key>') };
    await expect(
      editor.agent.request(methods.agent.session.new, { cwd: cli.repo, mcpServers: [] }),
    ).rejects.toMatchObject(missingKey);
    await expect(
      editor.agent.request(methods.agent.authenticate, { methodId: 'zai-api-key' }),
    ).rejects.toMatchObject(missingKey);
    expect(editor.violations).toEqual([]);
  });
});
