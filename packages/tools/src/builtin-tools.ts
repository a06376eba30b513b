import { randomBytes } from 'node:crypto';
import os from 'node:os';
import nodePath from 'node:path';
import type { AnyTool } from '@wright/core';
import { createEditFileTool } from './edit/edit-file.js';
import { createApplyPatchTool } from './patch/apply-patch.js';
import { createUpdatePlanTool } from './plan/update-plan.js';
import { createReadFileTool } from './read/read-file.js';
import { createGlobTool } from './search/glob.js';
import { createGrepTool } from './search/grep.js';
import type { BackgroundProcesses } from './shell/background-processes.js';
import { createShellTools, type ShellToolOptions } from './shell/shell-tools.js';
import type { ToolKitState } from './tool-kit-state.js';
import { createWebFetchTool, type WebFetchOptions } from './web/web-fetch.js';
import { createFileTracker, type FileTracker } from './workspace/file-tracker.js';
import { createWriteFileTool } from './write/write-file.js';

/** What `createBuiltinTools` takes; everything is optional. */
export type BuiltinToolsOptions = {
  /** Shared tracker; a fresh one when omitted. Pass the same one to keep read history across tool kits. */
  tracker?: FileTracker;
  /**
   * Absolute directory for full shell outputs when the workspace has no `scratchDirectory` (the runner's workspace
   * has one inside the session directory). Default: a fresh private (0700) directory under the OS temp dir, removed
   * when the process exits; outside the workspace so outputs never show up in the user's diff. read_file may read
   * files in either by absolute path.
   */
  outputDirectory?: string;
  /** Shell options: timeouts, secret variable names, extra environment, the sandbox (`shell.sandbox`). */
  shell?: Omit<ShellToolOptions, 'processes'>;
  /** Background-process registry (to kill them all when a run ends); one is created when omitted. */
  processes?: BackgroundProcesses;
  /** grep engine; 'auto' (default) uses system rg when present. */
  grepEngine?: 'auto' | 'rg' | 'js';
  /** web_fetch options (private addresses, robots.txt, limits); its network follows `shell.sandbox` unless set. */
  webFetch?: WebFetchOptions;
};

/** Creates the state shared by one kit of built-in tools. */
export function createToolKitState(
  options: Pick<BuiltinToolsOptions, 'tracker' | 'outputDirectory'> = {},
): ToolKitState {
  return {
    tracker: options.tracker ?? createFileTracker(),
    outputDirectory:
      options.outputDirectory ??
      nodePath.join(os.tmpdir(), `wright-outputs-${process.pid}-${randomBytes(4).toString('hex')}`),
  };
}

/**
 * The built-in tools sharing one state: read_file, write_file, edit_file, apply_patch, glob, grep, shell,
 * shell_output, shell_kill, update_plan, web_fetch.
 */
export function createBuiltinTools(options: BuiltinToolsOptions = {}): AnyTool[] {
  const state = createToolKitState(options);
  return [
    createReadFileTool(state),
    createWriteFileTool(state),
    createEditFileTool(state),
    createApplyPatchTool(state),
    createGlobTool(),
    createGrepTool({ engine: options.grepEngine ?? 'auto' }),
    ...createShellTools(state, {
      ...options.shell,
      ...(options.processes ? { processes: options.processes } : {}),
    }),
    createUpdatePlanTool(),
    createWebFetchTool({ sandbox: options.shell?.sandbox, ...options.webFetch }),
  ];
}
