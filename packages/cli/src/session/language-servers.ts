import type { Settings } from '@wright/agent';
import { type AnyTool, childEnvironment, type SandboxOptions } from '@wright/core';
import type { LspEvent } from '@wright/lsp';
import type { TaskSpec } from '@wright/runner';
import { secretPolicy } from './secret-policy.js';

/** Language servers for one run: the tools wrapped with diagnostics, the lsp tool, and how to stop the servers. */
export type RunLanguageServers = { wrap(tools: AnyTool[]): AnyTool[]; close(): Promise<void> };

/** Language servers for the tasks of a batch or a queue worker: each task gets its own, stopped when it ends. */
export type TaskLanguageServers = {
  /** The task's tools wrapped with diagnostics, plus the lsp tool. */
  wrap(task: TaskSpec, tools: AnyTool[]): AnyTool[];
  /** Stops the task's servers (its run has ended). */
  release(task: TaskSpec): Promise<void>;
  /** Stops every server still running. */
  close(): Promise<void>;
};

type LspModule = typeof import('@wright/lsp');

/**
 * Starts nothing until an edit needs it: servers start lazily by file type, in the workspace root the tool works
 * in, with the scrubbed child environment, inside the run's sandbox (workspace read-only, no network, a private
 * cache). `@wright/lsp` is loaded only when LSP is on.
 */
export async function languageServersFor(
  settings: Settings,
  sandbox: SandboxOptions,
  onEvent: (event: LspEvent) => void = () => undefined,
): Promise<RunLanguageServers | undefined> {
  if (!settings.lsp.enabled) return undefined;
  return createLanguageServers(await import('@wright/lsp'), settings, sandbox, onEvent);
}

/**
 * The same for batch tasks: one set of servers per task (each works in its own worktree), started lazily by its
 * edits and stopped by `release` when the task ends, so a long batch never holds more servers than tasks running.
 */
export async function languageServersPerTask(
  settings: Settings,
  sandbox: SandboxOptions,
): Promise<TaskLanguageServers | undefined> {
  if (!settings.lsp.enabled) return undefined;
  const lsp = await import('@wright/lsp');
  const running = new Map<TaskSpec, RunLanguageServers>();
  const release = async (task: TaskSpec) => {
    const servers = running.get(task);
    running.delete(task);
    await servers?.close();
  };
  return {
    wrap(task, tools) {
      // A task run again (a retry) gets fresh servers; the earlier ones stop.
      void running.get(task)?.close();
      const servers = createLanguageServers(lsp, settings, sandbox, () => undefined);
      running.set(task, servers);
      return servers.wrap(tools);
    },
    release,
    close: async () => {
      await Promise.all([...running.keys()].map(release));
    },
  };
}

function createLanguageServers(
  lsp: LspModule,
  settings: Settings,
  sandbox: SandboxOptions,
  onEvent: (event: LspEvent) => void,
): RunLanguageServers {
  const manager = lsp.createLspManager({
    servers: lsp.languageServerTable(settings.lsp.servers),
    spawnServer: lsp.spawnSandboxedServer({ env: childEnvironment(secretPolicy(settings)).env, sandbox }),
    ...(settings.lsp.waitMs === undefined ? {} : { waitMs: settings.lsp.waitMs }),
    warnings: settings.lsp.warnings,
    onEvent,
  });
  return {
    wrap: (tools) => [...lsp.withDiagnostics(tools, manager), lsp.createLspTool(manager)],
    close: () => manager.close(),
  };
}
