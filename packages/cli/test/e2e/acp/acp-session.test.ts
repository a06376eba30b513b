import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { methods, PROTOCOL_VERSION, type SessionNotification } from '@agentclientprotocol/sdk';
import { loadScript } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleFiles } from '../../../src/demo/sample-repo.js';
import { git, useCliTest } from '../cli-harness.js';
import { type FakeEditor, startFakeEditor } from './fake-editor.js';

const demoScript = fileURLToPath(new URL('../../../src/demo/bug-fix-script.json', import.meta.url));

const cli = useCliTest({ files: sampleFiles });
let editor: FakeEditor | undefined;
afterEach(async () => {
  await editor?.close();
  editor = undefined;
});

function env(baseUrl: string): Record<string, string> {
  return { ...cli.env, WRIGHT_BASE_URL: baseUrl };
}

/** The kinds of updates in order, with runs of the same chunk kind folded into one. */
function sequence(updates: SessionNotification[]): string[] {
  const kinds: string[] = [];
  for (const { update } of updates) {
    const kind =
      update.sessionUpdate === 'tool_call_update'
        ? `tool_call_update:${update.status ?? '-'}`
        : update.sessionUpdate;
    if (kinds.at(-1) !== kind || !kind.endsWith('_chunk')) kinds.push(kind);
  }
  return kinds;
}

describe('wright acp', () => {
  it('initializes with honest capabilities', async () => {
    editor = startFakeEditor({ cwd: cli.repo, env: cli.scratch.env });
    const response = await editor.agent.request(methods.agent.initialize, {
      protocolVersion: PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
      clientInfo: { name: 'fake-editor', version: '1.0.0' },
    });
    expect(response).toMatchObject({
      protocolVersion: 1,
      agentCapabilities: {
        loadSession: true,
        promptCapabilities: { image: false, audio: false, embeddedContext: true },
        mcpCapabilities: { http: true, sse: false },
      },
      agentInfo: { name: 'wright' },
    });
    expect(response.authMethods?.[0]).toMatchObject({ id: 'zai-api-key' });
    expect(await editor.close()).toBe(0);
    expect(editor.violations).toEqual([]);
  });

  it('fixes a bug: thought chunks, tool calls with kinds, locations and a diff, the answer, end_turn', async () => {
    const server = await cli.startServer({ turns: await loadScript(demoScript) });
    editor = startFakeEditor({ cwd: cli.repo, env: env(server.baseUrl), args: ['--approval', 'full'] });
    await editor.agent.request(methods.agent.initialize, { protocolVersion: PROTOCOL_VERSION });
    const session = await editor.agent.request(methods.agent.session.new, { cwd: cli.repo, mcpServers: [] });
    expect(session.modes?.currentModeId).toBe('full');
    const response = await editor.agent.request(methods.agent.session.prompt, {
      sessionId: session.sessionId,
      prompt: [{ type: 'text', text: 'The tests fail; fix the bug.' }],
    });
    expect(response.stopReason).toBe('end_turn');
    expect(await readFile(join(cli.repo, 'src/range.js'), 'utf8')).toContain('value < end;');

    const updates = editor.updates.filter((notification) => notification.sessionId === session.sessionId);
    expect(sequence(updates)).toEqual([
      'agent_thought_chunk',
      'agent_message_chunk',
      'tool_call',
      'tool_call',
      'tool_call_update:in_progress',
      'tool_call_update:failed',
      'tool_call_update:in_progress',
      'tool_call_update:completed',
      'usage_update',
      'agent_thought_chunk',
      'agent_message_chunk',
      'tool_call',
      'tool_call_update:in_progress',
      'tool_call_update:completed',
      'usage_update',
      'agent_thought_chunk',
      'tool_call',
      'tool_call_update:in_progress',
      'tool_call_update:completed',
      'usage_update',
      'agent_thought_chunk',
      'agent_message_chunk',
      'usage_update',
    ]);
    const thoughts = updates
      .map(({ update }) =>
        update.sessionUpdate === 'agent_thought_chunk' && update.content.type === 'text'
          ? update.content.text
          : '',
      )
      .join('');
    expect(thoughts).toContain('the loop condition `value < end - 1` stops one element early');
    const calls = updates.flatMap(({ update }) => (update.sessionUpdate === 'tool_call' ? [update] : []));
    expect(calls.map((call) => [call.toolCallId, call.kind])).toEqual([
      ['call_run_tests', 'execute'],
      ['call_read_range', 'read'],
      ['call_fix_bound', 'edit'],
      ['call_rerun_tests', 'execute'],
    ]);
    expect(calls[1]?.locations).toEqual([{ path: join(cli.repo, 'src/range.js') }]);
    const edit = updates.find(
      ({ update }) =>
        update.sessionUpdate === 'tool_call_update' &&
        update.toolCallId === 'call_fix_bound' &&
        update.status === 'completed',
    )?.update;
    expect(edit?.sessionUpdate === 'tool_call_update' ? edit.content : undefined).toEqual([
      {
        type: 'diff',
        path: join(cli.repo, 'src/range.js'),
        oldText: sampleFiles['src/range.js'],
        newText: sampleFiles['src/range.js']?.replace('value < end - 1;', 'value < end;'),
      },
    ]);
    const lastTool = updates.findLastIndex(({ update }) => update.sessionUpdate === 'tool_call_update');
    const answer = updates
      .slice(lastTool)
      .map(({ update }) =>
        update.sessionUpdate === 'agent_message_chunk' && update.content.type === 'text'
          ? update.content.text
          : '',
      )
      .join('');
    expect(answer).toContain('Fixed an off-by-one in `range()`');
    const usage = updates.at(-1)?.update;
    expect(usage).toMatchObject({ sessionUpdate: 'usage_update', size: 200_000, cost: { currency: 'USD' } });

    // The session is a Wright session: checkpoints and undo work on it.
    expect(await git(cli.repo, 'status', '--porcelain')).toBe(' M src/range.js\n');
    expect(await editor.close()).toBe(0);
    expect(editor.violations).toEqual([]);
    expect(editor.stderr()).toBe('');
  });
});
