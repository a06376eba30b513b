export type { BuiltinToolsOptions } from './builtin-tools.js';
export { createBuiltinTools } from './builtin-tools.js';
export type { ToolDefinition } from './define-tool.js';
export { defineTool, isValidToolName, toolNamePattern } from './define-tool.js';
export { createEditFileTool } from './edit/edit-file.js';
export type {
  McpConnection,
  McpHttpServerConfig,
  McpServerConfig,
  McpStdioServerConfig,
} from './mcp/connect-mcp-servers.js';
export { connectMcpServers } from './mcp/connect-mcp-servers.js';
export { createApplyPatchTool } from './patch/apply-patch.js';
export type { ApplyPatchOptions, PatchFileReport, PatchReport } from './patch/apply-patch-to-workspace.js';
export { applyPatchToWorkspace } from './patch/apply-patch-to-workspace.js';
export { formatPatchReport } from './patch/format-patch-report.js';
export type { ParsePatchOptions } from './patch/parse-patch.js';
export { parsePatch } from './patch/parse-patch.js';
export type { FilePatch, Hunk, HunkLine, ParsedPatch } from './patch/patch-types.js';
export type { ApprovalMode, PermissionPolicyOptions } from './permissions/create-permission-policy.js';
export { createPermissionPolicy } from './permissions/create-permission-policy.js';
export { pathAllowRules } from './permissions/path-allow-rules.js';
export type { PermissionRule } from './permissions/permission-rule.js';
export { createUpdatePlanTool } from './plan/update-plan.js';
export type { ToolPluginContext, ToolPluginExport } from './plugins/load-tool-plugins.js';
export { loadToolPlugins } from './plugins/load-tool-plugins.js';
export { validateTool } from './plugins/validate-tool.js';
export { createReadFileTool } from './read/read-file.js';
export { createGlobTool } from './search/glob.js';
export type { GrepToolOptions } from './search/grep.js';
export { createGrepTool } from './search/grep.js';
export type { GrepMatch, GrepOptions, GrepResult } from './search/grep-types.js';
export { searchFiles } from './search/search-files.js';
export type { BackgroundProcesses, BackgroundStatus } from './shell/background-processes.js';
export { createBackgroundProcesses } from './shell/background-processes.js';
export type { CommandOutcome, RunCommandOptions } from './shell/run-command.js';
export { runCommand } from './shell/run-command.js';
export type { ShellToolOptions } from './shell/shell-tools.js';
export {
  createShellKillTool,
  createShellOutputTool,
  createShellTool,
  createShellTools,
} from './shell/shell-tools.js';
export type { WebFetchOptions } from './web/web-fetch.js';
export { createWebFetchTool } from './web/web-fetch.js';
export { maximumFileBytes } from './workspace/file-size-limit.js';
export type { FileWorkspaceOptions } from './workspace/file-workspace.js';
export { createFileWorkspace } from './workspace/file-workspace.js';
export type { ResolvedPath, ResolvePathOptions } from './workspace/resolve-path.js';
export { resolveWorkspacePath } from './workspace/resolve-path.js';
export { createWriteFileTool } from './write/write-file.js';
