import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ToolContext } from '@wright/core';
import type { ToolKitState } from '../../src/tool-kit-state.js';
import { createFileTracker } from '../../src/workspace/file-tracker.js';
import { createFileWorkspace } from '../../src/workspace/file-workspace.js';

/** A temp workspace with a tool context and tool-kit state; `cleanup` removes it. */
export async function createHarness() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'wright-edit-tools-'));
  const workspace = await createFileWorkspace(root);
  const state: ToolKitState = { tracker: createFileTracker(), outputDirectory: path.join(root, '.outputs') };
  const context: ToolContext = {
    workspace,
    signal: new AbortController().signal,
    callId: 'call-1',
    approve: async () => true,
    progress: () => {},
  };
  return {
    root,
    state,
    context,
    async write(relative: string, content: string | Uint8Array) {
      await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
      await writeFile(path.join(root, relative), content);
    },
    async bytes(relative: string): Promise<Buffer> {
      return readFile(path.join(root, relative));
    },
    async text(relative: string): Promise<string> {
      return readFile(path.join(root, relative), 'latin1');
    },
    async cleanup() {
      await rm(root, { recursive: true, force: true });
    },
  };
}
