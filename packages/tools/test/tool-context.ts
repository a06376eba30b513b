import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ToolContext } from '@wright/core';
import { createFileWorkspace } from '@wright/tools';
import { createFileTracker, type ToolKitState } from '@wright/tools/internal';

/** A temp workspace, a tool context on it and a fresh tool-kit state; `cleanup` removes both directories. */
export async function createTestKit() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'wright-tools-'));
  const outputDirectory = await mkdtemp(path.join(os.tmpdir(), 'wright-outputs-'));
  const workspace = await createFileWorkspace(root);
  const state: ToolKitState = { tracker: createFileTracker(), outputDirectory };
  const controller = new AbortController();
  const context: ToolContext = {
    workspace,
    signal: controller.signal,
    callId: 'call-1',
    approve: async () => true,
    progress: () => {},
  };
  return {
    root: workspace.root,
    state,
    context,
    controller,
    cleanup: async () => {
      await rm(root, { recursive: true, force: true });
      await rm(outputDirectory, { recursive: true, force: true });
    },
  };
}
