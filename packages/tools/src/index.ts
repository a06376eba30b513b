export type { BuiltinToolsOptions } from './builtin-tools.js';
export { createBuiltinTools, createToolKitState } from './builtin-tools.js';
export type { ToolDefinition } from './define-tool.js';
export {
  defineTool,
  describeIssues,
  errorForModel,
  isValidToolName,
  toolNamePattern,
  toParametersSchema,
} from './define-tool.js';
export { createEditFileTool } from './edit/edit-file.js';
export type {
  McpConnection,
  McpHttpServerConfig,
  McpServerConfig,
  McpStdioServerConfig,
} from './mcp/connect-mcp-servers.js';
export { connectMcpServers } from './mcp/connect-mcp-servers.js';
export type { McpToolInfo } from './mcp/mcp-tool.js';
export { effectFromAnnotations, mcpToolName } from './mcp/mcp-tool.js';
export { createApplyPatchTool } from './patch/apply-patch.js';
export type { ApplyPatchOptions, PatchFileReport, PatchReport } from './patch/apply-patch-to-workspace.js';
export { applyPatchToWorkspace } from './patch/apply-patch-to-workspace.js';
export { formatPatchReport } from './patch/format-patch-report.js';
export type { ParsePatchOptions } from './patch/parse-patch.js';
export { parsePatch } from './patch/parse-patch.js';
export type { FilePatch, Hunk, HunkLine, ParsedPatch } from './patch/patch-types.js';
export type { PatchError, PatchPlan, PlannedFile, PlanPatchOptions } from './patch/plan-patch.js';
export { planPatch } from './patch/plan-patch.js';
export type {
  CommandAnalysis,
  ShellCommand,
  ShellRedirect,
} from './permissions/analyse-command.js';
export { analyseCommand } from './permissions/analyse-command.js';
export type { ApprovalMode, PermissionPolicyOptions } from './permissions/create-permission-policy.js';
export { createPermissionPolicy } from './permissions/create-permission-policy.js';
export { pathAllowRules } from './permissions/path-allow-rules.js';
export type { PermissionRule } from './permissions/permission-rule.js';
export type { ShellWord } from './permissions/shell-words.js';
export { createUpdatePlanTool, maximumPlanSteps, updatePlanInput } from './plan/update-plan.js';
export type { ToolPluginContext, ToolPluginExport } from './plugins/load-tool-plugins.js';
export { loadToolPlugins } from './plugins/load-tool-plugins.js';
export { validateTool } from './plugins/validate-tool.js';
export { describeBinary, looksBinary } from './read/detect-binary.js';
export { createReadFileTool, defaultReadLimit, largeFileBytes, maximumLineLength } from './read/read-file.js';
export type { GitignoreFilter } from './search/gitignore-filter.js';
export { createGitignoreFilter } from './search/gitignore-filter.js';
export { createGlobTool, defaultGlobLimit } from './search/glob.js';
export type { GrepToolOptions } from './search/grep.js';
export { createGrepTool, formatGrepResult } from './search/grep.js';
export type { GrepMatch, GrepOptions, GrepResult } from './search/grep-types.js';
export { collectLimit, defaultGrepLimit } from './search/grep-types.js';
export type { ListFilesOptions } from './search/list-files.js';
export { listFiles } from './search/list-files.js';
export { hasRipgrep, ripgrepArguments } from './search/ripgrep-search.js';
export { compilePattern, searchFiles } from './search/search-files.js';
export type { BackgroundProcesses, BackgroundStatus } from './shell/background-processes.js';
export { createBackgroundProcesses } from './shell/background-processes.js';
export type { CapturedOutput, OutputCapture } from './shell/output-capture.js';
export { createOutputCapture, createStreamScrubber, stripAnsi } from './shell/output-capture.js';
export { killGroup, nonInteractiveEnvironment, shellArgv } from './shell/process-group.js';
export type { CommandOutcome, RunCommandOptions } from './shell/run-command.js';
export { runCommand } from './shell/run-command.js';
export { refusalMessage } from './shell/sandbox-messages.js';
export type { ShellToolOptions } from './shell/shell-tools.js';
export {
  createShellKillTool,
  createShellOutputTool,
  createShellTool,
  createShellTools,
} from './shell/shell-tools.js';
export type { ToolKitState } from './tool-kit-state.js';
export type { AddressAllowance, ResolveHost } from './web/checked-lookup.js';
export { checkHostAddress, isAllowedHost } from './web/checked-lookup.js';
export type { AddressKind } from './web/classify-address.js';
export { classifyAddress, isPublicAddress } from './web/classify-address.js';
export { htmlToMarkdown } from './web/html-to-markdown.js';
export type { WebFetchOptions } from './web/web-fetch.js';
export { createWebFetchTool, networkOn } from './web/web-fetch.js';
export { formatBytes, maximumFileBytes } from './workspace/file-size-limit.js';
export type { FileTracker } from './workspace/file-tracker.js';
export { createFileTracker } from './workspace/file-tracker.js';
export type { FileWorkspaceOptions } from './workspace/file-workspace.js';
export { createFileWorkspace } from './workspace/file-workspace.js';
export type { ResolvedPath, ResolvePathOptions } from './workspace/resolve-path.js';
export { resolveWorkspacePath } from './workspace/resolve-path.js';
export { createWriteFileTool } from './write/write-file.js';
