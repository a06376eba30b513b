import type { Settings } from '@wright/agent';
import { type AnyTool, childEnvironment, type SandboxOptions } from '@wright/core';
import type { LspEvent } from '@wright/lsp';
import { secretPolicy } from './secret-policy.js';

/** Language servers for one run: the tools wrapped with diagnostics, the lsp tool, and how to stop the servers. */
export type RunLanguageServers = { wrap(tools: AnyTool[]): AnyTool[]; close(): Promise<void> };

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
  const lsp = await import('@wright/lsp');
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
