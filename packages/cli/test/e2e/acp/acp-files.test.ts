import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { useCliTest } from '../cli-harness.js';
import { type FakeEditor, startFakeEditor } from './fake-editor.js';
import { openSession, prompt, updatesOf } from './session-helpers.js';

const cli = useCliTest({ files: { 'src/a.js': 'const answer = 1;\n' } });
let editor: FakeEditor | undefined;
afterEach(async () => {
  await editor?.close();
  editor = undefined;
});

const script = () => [
  toolCallTurn([{ id: 'call_read', name: 'read_file', arguments: { path: 'src/a.js' } }]),
  toolCallTurn([
    {
      id: 'call_edit',
      name: 'edit_file',
      arguments: { path: 'src/a.js', old_string: 'answer = 1', new_string: 'answer = 2' },
    },
  ]),
  textTurn('Changed the answer.'),
];

describe('wright acp with the editor file system', () => {
  it('reads unsaved buffers and writes through the editor; checkpoints and undo still work', async () => {
    const server = await cli.startServer({ turns: script() });
    const file = join(cli.repo, 'src/a.js');
    // The editor holds an unsaved change the disk does not have; saving writes the buffer to disk, as editors do.
    const buffers = new Map([[file, 'const answer = 1; // unsaved note\n']]);
    editor = startFakeEditor({
      cwd: cli.repo,
      env: { ...cli.env, WRIGHT_BASE_URL: server.baseUrl },
      readTextFile: async ({ path }) => buffers.get(path) ?? (await readFile(path, 'utf8')),
      writeTextFile: async ({ path, content }) => {
        buffers.set(path, content);
        await writeFile(path, content);
      },
    });
    const sessionId = await openSession(editor, cli.repo, {
      fs: { readTextFile: true, writeTextFile: true },
    });
    expect(await prompt(editor, sessionId, 'make the answer 2')).toBe('end_turn');

    expect(editor.reads.map((request) => request.path)).toContain(file);
    const toolMessage = server.requests[1]?.body.messages.find(
      (message: { role: string }) => message.role === 'tool',
    );
    expect(toolMessage.content).toContain('const answer = 1; // unsaved note');
    expect(editor.writes).toEqual([
      { sessionId, path: file, content: 'const answer = 2; // unsaved note\n' },
    ]);
    expect(await readFile(file, 'utf8')).toBe('const answer = 2; // unsaved note\n');
    const diff = updatesOf(editor.updates, 'tool_call_update').find(
      (update) => update.toolCallId === 'call_edit' && update.status === 'completed',
    );
    expect(diff?.content).toEqual([
      {
        type: 'diff',
        path: file,
        oldText: 'const answer = 1; // unsaved note\n',
        newText: 'const answer = 2; // unsaved note\n',
      },
    ]);
    expect(editor.violations).toEqual([]);

    const undo = await cli.run(['undo', '--session', sessionId], { env: cli.scratch.env });
    expect(undo.stderr).toBe('');
    expect(undo.exitCode).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('const answer = 1;\n');
  });

  it('uses its own file tools when the editor offers no file system', async () => {
    const server = await cli.startServer({ turns: script() });
    editor = startFakeEditor({
      cwd: cli.repo,
      env: { ...cli.env, WRIGHT_BASE_URL: server.baseUrl },
      readTextFile: () => 'never asked',
      writeTextFile: () => {},
    });
    const sessionId = await openSession(editor, cli.repo, {
      fs: { readTextFile: false, writeTextFile: false },
    });
    expect(await prompt(editor, sessionId, 'make the answer 2')).toBe('end_turn');
    expect(editor.reads).toEqual([]);
    expect(editor.writes).toEqual([]);
    expect(await readFile(join(cli.repo, 'src/a.js'), 'utf8')).toBe('const answer = 2;\n');
  });
});
