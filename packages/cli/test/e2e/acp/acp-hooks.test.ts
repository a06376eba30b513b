import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { useCliTest } from '../cli-harness.js';
import { writeUserConfig } from '../security/security-harness.js';
import { editorPool, openSession, prompt, updatesOf } from './session-helpers.js';

// A hook that ends the run (Claude Code's `continue: false`) ends the editor's turn cleanly, naming its reason.

const cli = useCliTest({ files: { 'README.md': '# demo\n' } });
const editors = editorPool(() => ({ cwd: cli.repo, env: cli.scratch.env, baseUrl: cli.server.baseUrl }));
afterEach(async () => {
  await editors.closeAll();
});

describe('hooks over ACP', () => {
  it('continue: false ends the turn with end_turn and a last message naming the reason, not an error', async () => {
    const server = await cli.startServer({
      turns: [
        toolCallTurn([{ id: 'touch', name: 'shell', arguments: { command: 'touch planted.txt' } }]),
        textTurn('never asked'),
      ],
    });
    const stop = JSON.stringify({ continue: false, stopReason: 'maintenance window' });
    await writeUserConfig(cli.scratch, {
      hooks: {
        pre_tool_use: [{ matcher: 'shell', hooks: [{ type: 'command', command: `echo '${stop}'` }] }],
      },
    });
    const editor = editors.start();
    const sessionId = await openSession(editor, cli.repo);
    expect(await prompt(editor, sessionId, 'tidy up')).toBe('end_turn');
    const chunks = updatesOf(editor.updates, 'agent_message_chunk');
    const last = chunks.at(-1)?.content;
    expect(last?.type === 'text' && last.text).toContain(
      'A pre_tool_use hook ended the run: maintenance window.',
    );
    expect(server.requests).toHaveLength(1);
    expect(editor.violations).toEqual([]);
  });
});
