import { type ScriptedServer, startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, type Scratch } from '../cli-harness.js';
import { writeUserConfig } from '../security/security-harness.js';
import { editorPool, openSession, prompt, updatesOf } from './session-helpers.js';

// A hook that ends the run (Claude Code's `continue: false`) ends the editor's turn cleanly, naming its reason.

let scratch: Scratch;
let server: ScriptedServer | undefined;
let repo: string;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, { 'README.md': '# demo\n' });
});
afterEach(async () => {
  await editors.closeAll();
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

const editors = editorPool(() => ({ cwd: repo, env: scratch.env, baseUrl: server?.baseUrl }));

describe('hooks over ACP', () => {
  it('continue: false ends the turn with end_turn and a last message naming the reason, not an error', async () => {
    server = await startScriptedServer({
      turns: [
        toolCallTurn([{ id: 'touch', name: 'shell', arguments: { command: 'touch planted.txt' } }]),
        textTurn('never asked'),
      ],
    });
    const stop = JSON.stringify({ continue: false, stopReason: 'maintenance window' });
    await writeUserConfig(scratch, {
      hooks: {
        pre_tool_use: [{ matcher: 'shell', hooks: [{ type: 'command', command: `echo '${stop}'` }] }],
      },
    });
    const editor = editors.start();
    const sessionId = await openSession(editor, repo);
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
