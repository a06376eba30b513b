import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import type { AnyTool, ToolContext, ToolResult } from '@wright/core';
import { createGlmClient } from '@wright/core';
import { type ScriptedServer, startScriptedServer } from '@wright/testing';
import { createBuiltinTools } from '@wright/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace, type RunnerWorkspace } from '../src/open-workspace.js';
import { runTask } from '../src/run-task.js';
import { fileState, makeRepository, repositoryState } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

// The real @wright/tools built-ins (not a stand-in) writing through the runner: every edit lands in the ledger
// with hashes and hunks, every step is checkpointed, and restoring gives back the exact bytes.

const scratch = useScratchDirectory();
const servers: ScriptedServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const bom = '\uFEFF';
const initialFiles = {
  'crlf.txt': `${bom}first\r\nsecond\r\nthird`,
  'src/app.js': 'export function add(a, b) {\n  return a - b;\n}\n',
  'old-name.txt': 'moved\n',
  'gone.txt': 'delete me\n',
};

function toolKit(workspace: RunnerWorkspace) {
  const tools = Object.fromEntries(
    createBuiltinTools({ outputDirectory: nodePath.join(scratch.path, 'outputs') }).map((tool) => [
      tool.name,
      tool,
    ]),
  ) as Record<string, AnyTool>;
  let call = 0;
  return async (name: string, input: Record<string, unknown>): Promise<ToolResult> => {
    const tool = tools[name]!;
    const parsed = tool.parse(input);
    if (!parsed.ok) throw new Error(parsed.message);
    const context: ToolContext = {
      workspace,
      signal: new AbortController().signal,
      callId: `call-${++call}`,
      approve: async () => true,
      progress: () => {},
    };
    return tool.run(parsed.value, context);
  };
}

describe('the built-in tools through the runner workspace', () => {
  it('records write_file, edit_file and apply_patch per step in the ledger, and restores each checkpoint exactly', async () => {
    const root = await makeRepository(scratch.path, initialFiles, 'ledger');
    const repository = await repositoryState(root);
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 'tools-1',
      dataDirectory: nodePath.join(scratch.path, 'data'),
    });
    const run = toolKit(workspace);
    const states = [await fileState(root)];
    const bytes = async (path: string) => readFile(nodePath.join(root, path));

    // Step 1: edit_file on a CRLF file with a BOM and no final newline.
    workspace.setStep(1);
    const beforeEdit = await bytes('crlf.txt');
    const edit = await run('edit_file', {
      path: 'crlf.txt',
      old_string: 'second',
      new_string: 'SECOND\nextra',
    });
    expect(edit.isError).toBeUndefined();
    expect((await bytes('crlf.txt')).toString('utf8')).toBe(`${bom}first\r\nSECOND\r\nextra\r\nthird`);
    expect((await workspace.checkpoint())?.files).toEqual(['crlf.txt']);
    states.push(await fileState(root));

    // Step 2: one apply_patch that modifies, renames, deletes and creates.
    workspace.setStep(2);
    const patch = [
      '*** Begin Patch',
      '*** Update File: src/app.js',
      '@@ export function add(a, b) {',
      '-  return a - b;',
      '+  return a + b;',
      '*** Update File: old-name.txt',
      '*** Move to: new-name.txt',
      '@@',
      '-moved',
      '+moved and renamed',
      '*** Delete File: gone.txt',
      '*** Add File: docs/notes.md',
      '+# Notes',
      '*** End Patch',
    ].join('\n');
    const patched = await run('apply_patch', { patch });
    expect(patched.isError).toBeUndefined();
    expect((await workspace.checkpoint())?.files.sort()).toEqual([
      'docs/notes.md',
      'gone.txt',
      'new-name.txt',
      'old-name.txt',
      'src/app.js',
    ]);
    states.push(await fileState(root));

    // Step 3: write_file replaces a whole file; a failing edit in the same step records nothing.
    workspace.setStep(3);
    const written = await run('write_file', {
      path: 'src/app.js',
      content: 'export const add = (a, b) => a + b;\n',
    });
    expect(written.isError).toBeUndefined();
    const failed = await run('edit_file', {
      path: 'src/app.js',
      old_string: 'no such text',
      new_string: 'x',
    });
    expect(failed.isError).toBe(true);
    await workspace.checkpoint();
    states.push(await fileState(root));

    const { changes } = await workspace.ledger.read();
    expect(changes.map((change) => [change.step, change.toolName, change.status])).toEqual([
      [1, 'edit_file', 'done'],
      [2, 'apply_patch', 'done'],
      [3, 'write_file', 'done'],
    ]);
    expect(new Set(changes.map((change) => change.callId)).size).toBe(3);
    const [editEntry, patchEntry, writeEntry] = changes;
    expect(editEntry!.files).toEqual([
      expect.objectContaining({
        path: 'crlf.txt',
        before: sha256(beforeEdit),
        after: sha256(`${bom}first\r\nSECOND\r\nextra\r\nthird`),
        binary: false,
      }),
    ]);
    expect(editEntry!.files[0]!.hunks).toContain('+SECOND\r\n+extra\r\n');
    const patchFiles = Object.fromEntries(patchEntry!.files.map((file) => [file.path, file]));
    expect(Object.keys(patchFiles).sort()).toEqual([
      'docs/notes.md',
      'gone.txt',
      'new-name.txt',
      'src/app.js',
    ]);
    expect(patchFiles['src/app.js']).toMatchObject({
      before: sha256(initialFiles['src/app.js']),
      after: sha256('export function add(a, b) {\n  return a + b;\n}\n'),
    });
    expect(patchFiles['src/app.js']!.hunks).toMatch(/- {2}return a - b;\n\+ {2}return a \+ b;/);
    expect(patchFiles['new-name.txt']).toMatchObject({
      renamedFrom: 'old-name.txt',
      before: sha256('moved\n'),
      after: sha256('moved and renamed\n'),
    });
    expect(patchFiles['gone.txt']).toMatchObject({ before: sha256('delete me\n'), after: null });
    expect(patchFiles['docs/notes.md']).toMatchObject({ before: null, after: sha256('# Notes\n') });
    expect(writeEntry!.files[0]).toMatchObject({
      path: 'src/app.js',
      before: sha256('export function add(a, b) {\n  return a + b;\n}\n'),
      after: sha256('export const add = (a, b) => a + b;\n'),
    });
    // Blobs of both sides are kept, so any entry can be replayed or reverted.
    expect((await workspace.ledger.readBlob(editEntry!.files[0]!.before!)).equals(beforeEdit)).toBe(true);

    expect((await workspace.listCheckpoints()).map((checkpoint) => checkpoint.step)).toEqual([0, 1, 2, 3]);
    for (const step of [0, 3, 1, 2, 0]) {
      await workspace.restoreCheckpoint(step);
      expect(await fileState(root)).toEqual(states[step]);
    }
    expect((await bytes('crlf.txt')).toString('utf8')).toBe(initialFiles['crlf.txt']);
    expect(await repositoryState(root)).toEqual(repository);
    await workspace.close();
  });

  it('a scripted agent edits with the real tools in a worktree; the diff applies back to the user checkout', async () => {
    const root = await makeRepository(scratch.path, initialFiles, 'agent');
    const repository = await repositoryState(root);
    const userFiles = await fileState(root);
    const server = await startScriptedServer({
      turns: [
        { toolCalls: [{ name: 'read_file', arguments: { path: 'src/app.js' } }] },
        {
          toolCalls: [
            {
              name: 'edit_file',
              // Pasted read_file prefixes: the tool strips them and still lands the edit.
              arguments: {
                path: 'src/app.js',
                old_string: '     2\t  return a - b;',
                new_string: '  return a + b;',
              },
            },
          ],
        },
        {
          toolCalls: [
            {
              name: 'apply_patch',
              arguments: {
                patch: '--- a/crlf.txt\n+++ b/crlf.txt\n@@ -1,2 +1,2 @@\n first\n-second\n+2nd\n',
              },
            },
          ],
        },
        { content: 'Done.' },
      ],
    });
    servers.push(server);
    const task = runTask({
      cwd: root,
      dataDirectory: nodePath.join(scratch.path, 'data'),
      model: createGlmClient({ apiKey: 'test-key', baseUrl: server.baseUrl, maxRetries: 0 }),
      tools: createBuiltinTools({ outputDirectory: nodePath.join(scratch.path, 'outputs') }),
      prompt: 'Fix add().',
      mode: 'worktree',
      check: `node -e "process.exit(require('fs').readFileSync('src/app.js', 'utf8').includes('a + b') ? 0 : 1)"`,
    });
    const result = await task.result;
    expect(result.status).toBe('done');
    expect(result.check).toMatchObject({ passed: true, rounds: 1 });
    const workspace = await task.workspace;
    const { changes } = await workspace.ledger.read();
    expect(
      changes.map((change) => [change.step, change.toolName, change.files.map((file) => file.path)]),
    ).toEqual([
      [2, 'edit_file', ['src/app.js']],
      [3, 'apply_patch', ['crlf.txt']],
    ]);
    expect((await workspace.listCheckpoints()).map((checkpoint) => checkpoint.step)).toEqual([0, 2, 3]);
    expect(await fileState(root)).toEqual(userFiles);

    const report = await workspace.applyBack();
    expect(report).toMatchObject({ applied: true, conflicts: [] });
    expect(await readFile(nodePath.join(root, 'src/app.js'), 'utf8')).toBe(
      'export function add(a, b) {\n  return a + b;\n}\n',
    );
    expect(await readFile(nodePath.join(root, 'crlf.txt'), 'utf8')).toBe(`${bom}first\r\n2nd\r\nthird`);
    expect(await repositoryState(root)).toEqual(repository);
    await workspace.close({ removeWorktree: true });
  });
});
