import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { createGlmClient } from '@wright/core';
import { startScriptedServer } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { runTask } from '../src/run-task.js';
import { makeRepository } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';
import { writeFileTool } from './helpers/write-file-tool.js';

const scratch = useScratchDirectory();

const hasCmake = (() => {
  try {
    execFileSync('cmake', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// A project whose build names its target after the directory it is checked out in.
const cmakeProject = {
  // `@{` stands for CMake's `${` (kept out of the source so it never reads as a template literal).
  'CMakeLists.txt': [
    'cmake_minimum_required(VERSION 3.10)',
    'get_filename_component(DIRECTORY_NAME "@{CMAKE_CURRENT_SOURCE_DIR}" NAME)',
    'project(@{DIRECTORY_NAME} NONE)',
    'file(READ "@{CMAKE_CURRENT_SOURCE_DIR}/version.txt" VERSION_TEXT)',
    'add_custom_target(@{DIRECTORY_NAME} ALL COMMAND @{CMAKE_COMMAND} -E echo "built @{VERSION_TEXT}")',
    '',
  ]
    .join('\n')
    .replaceAll('@{', '$' + '{'),
  'version.txt': '1\n',
};

async function runBothWays(check: string, files: Record<string, string>) {
  const results = [];
  for (const mode of ['in-place', 'worktree'] as const) {
    const root = await makeRepository(nodePath.join(scratch.path, mode), files, 'calc');
    const server = await startScriptedServer({
      turns: [
        { toolCalls: [{ name: 'write_file', arguments: { path: 'version.txt', content: '2\n' } }] },
        { content: 'Bumped the version.' },
      ],
    });
    try {
      const task = runTask({
        cwd: root,
        dataDirectory: nodePath.join(scratch.path, mode, 'data'),
        model: createGlmClient({ apiKey: 'test-key', baseUrl: server.baseUrl, maxRetries: 0 }),
        tools: [writeFileTool],
        prompt: 'Bump the version.',
        mode,
        check,
      });
      for await (const _event of task);
      const result = await task.result;
      const workspace = await task.workspace;
      results.push({
        mode,
        folder: nodePath.basename(workspace.root),
        status: result.status,
        check: result.check && { passed: result.check.passed, output: result.check.outputTail },
        version: await readFile(nodePath.join(workspace.root, 'version.txt'), 'utf8'),
        diff: (await workspace.diff()).replace(/index [0-9a-f]+\.\.[0-9a-f]+/g, 'index'),
      });
      await workspace.close({ removeWorktree: true });
    } finally {
      await server.close();
    }
  }
  return results;
}

describe('a task gives the same result in place and in a worktree', () => {
  it('the worktree folder has the checkout’s name', async () => {
    const [inPlace, worktree] = await runBothWays('test "$(basename "$PWD")" = calc', {
      'version.txt': '1\n',
    });
    expect(worktree!.folder).toBe('calc');
    expect({ ...worktree, mode: '' }).toEqual({ ...inPlace, mode: '' });
    expect(inPlace!.status).toBe('done');
  });

  it.skipIf(!hasCmake)(
    'a CMake project that names its target after the directory builds both ways',
    async () => {
      const check = 'cmake -S . -B build >/dev/null && cmake --build build --target calc';
      const [inPlace, worktree] = await runBothWays(check, cmakeProject);
      expect(inPlace!.check?.passed).toBe(true);
      expect(inPlace!.check?.output).toContain('built 2');
      expect({ ...worktree, mode: '', check: worktree!.check?.passed }).toEqual({
        ...inPlace,
        mode: '',
        check: inPlace!.check?.passed,
      });
    },
  );
});
