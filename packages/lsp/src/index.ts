export type { DiagnosticsFormat } from './format-diagnostics.js';
export { formatDiagnostics } from './format-diagnostics.js';
export type { LanguageServerConfig, LanguageServerDefinition, ServerLaunch } from './language-servers.js';
export { languageServerTable } from './language-servers.js';
export type {
  DiagnosticsReport,
  FileDiagnostic,
  LspEvent,
  LspManager,
  LspManagerOptions,
  UnavailableServer,
} from './lsp-manager.js';
export { createLspManager } from './lsp-manager.js';
export { createLspTool } from './lsp-tool.js';
export type { SandboxedServerOptions } from './sandboxed-server.js';
export { defaultServerCacheDirectory, spawnSandboxedServer } from './sandboxed-server.js';
export type { SpawnServer } from './server-connection.js';
export { editingTools, withDiagnostics } from './with-diagnostics.js';
