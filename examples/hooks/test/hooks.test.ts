import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepository, runWithHooks } from '../run-with-hooks.ts';

const hook = (name: string, input: unknown) =>
  spawnSync(process.execPath, [fileURLToPath(new URL(`../hooks/${name}`, import.meta.url))], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });

let root: string;
let directory: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-hooks-example-'));
  directory = join(root, 'repo');
  await mkdir(directory);
  await createRepository(directory);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('the hook scripts on their own', () => {
  it('guard-shell exits 2 with the reason for a destructive command, 0 otherwise', () => {
    const blocked = hook('guard-shell.mjs', {
      hook_event_name: 'pre_tool_use',
      tool_name: 'shell',
      tool_input: { command: 'rm -rf build' },
    });
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toBe('recursive forced deletes are not allowed; delete files one by one');
    expect(hook('guard-shell.mjs', { tool_input: { command: 'git push --force origin main' } }).status).toBe(
      2,
    );
    expect(hook('guard-shell.mjs', { tool_input: { command: 'ls -la' } }).status).toBe(0);
  });
});

describe('hooks in a run, against the scripted GLM server', () => {
  it('the guard blocks rm -rf and the model reads why; the whitespace check adds context to a write', async () => {
    const server = await startScriptedServer({
      turns: [
        toolCallTurn([{ id: 'delete', name: 'shell', arguments: { command: 'rm -rf .' } }]),
        toolCallTurn([
          { id: 'write', name: 'write_file', arguments: { path: 'notes.md', content: 'one  \ntwo\n' } },
        ]),
        textTurn('Done.'),
      ],
    });
    try {
      const lines = await runWithHooks({
        apiKey: 'test-key',
        baseUrl: server.baseUrl,
        directory,
        dataDirectory: join(root, 'data'),
        task: 'clean up and write notes',
      });
      // The hook's stderr is the reason; a shell start-up file (BASH_ENV) may print before it on some machines.
      expect(lines).toEqual([
        'hook pre_tool_use: blocked',
        expect.stringMatching(
          /^shell → denied: Blocked by a pre_tool_use hook \(an automated check the user configured, not a failure of shell\): (.*\n)*recursive forced deletes are not allowed; delete files one by one$/,
        ),
        'write_file → ok: Created notes.md (2 lines).\n\n[post_tool_use hook]\nnotes.md has trailing whitespace on line 1; remove it.',
      ]);
      expect(await readFile(join(directory, 'README.md'), 'utf8')).toBe('# demo\n');
    } finally {
      await server.close();
    }
  });
});
