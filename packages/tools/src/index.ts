export type { ToolDefinition } from './define-tool.js';
export {
  defineTool,
  describeIssues,
  errorForModel,
  isValidToolName,
  toolNamePattern,
  toParametersSchema,
} from './define-tool.js';
export { describeBinary, looksBinary } from './read/detect-binary.js';
export {
  createReadFileTool,
  defaultReadLimit,
  formatBytes,
  largeFileBytes,
  maximumLineLength,
} from './read/read-file.js';
export type { ToolKitState } from './tool-kit-state.js';
export type { FileTracker } from './workspace/file-tracker.js';
export { createFileTracker } from './workspace/file-tracker.js';
export { createFileWorkspace } from './workspace/file-workspace.js';
export type { ResolvedPath, ResolvePathOptions } from './workspace/resolve-path.js';
export { resolveWorkspacePath } from './workspace/resolve-path.js';
