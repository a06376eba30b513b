// The `@wright/core/internal` entry: helpers Wright's own packages share. Unstable: names here change or go
// without notice; apps and plugins use the main entry (docs/api.md).
export { costOf, defaultContextWindows } from './agent/prices.js';
export type { RequestBody, RequestBodyContext } from './glm/build-request-body.js';
export { buildRequestBody } from './glm/build-request-body.js';
export type { ProviderFailure } from './glm/classify-error.js';
export { classifyProviderError, parseRetryAfter } from './glm/classify-error.js';
export type { ProviderProfile } from './glm/provider-profiles.js';
export { providerProfiles } from './glm/provider-profiles.js';
export type { SseDecoder } from './glm/sse-decoder.js';
export { createSseDecoder } from './glm/sse-decoder.js';
export { copyPlan, formatPlanForModel } from './plan.js';
export type { SpawnAttempt } from './process/describe-spawn-error.js';
export { describeSpawnError } from './process/describe-spawn-error.js';
export type { BwrapPlan, HiddenPath } from './sandbox/bwrap-arguments.js';
export { bwrapArguments } from './sandbox/bwrap-arguments.js';
export { explainSandboxFailure } from './sandbox/explain-sandbox-failure.js';
export type {
  PreparedCommand,
  PrepareSandboxedCommandOptions,
  RefusedCommand,
} from './sandbox/prepare-sandboxed-command.js';
export { prepareSandboxedCommand } from './sandbox/prepare-sandboxed-command.js';
export { explainProbeFailure } from './sandbox/probe-sandbox.js';
export {
  cacheEnvironment,
  defaultCacheDirectory,
  defaultHiddenHomePaths,
  defaultHiddenPaths,
  dependencyFolderNames,
} from './sandbox/sandbox-options.js';
export { defaultKeyVariable } from './secrets/child-environment.js';
export { redactErrorData } from './secrets/redact-secrets.js';
export type {
  PlanChangesOptions,
  PlannedFileChange,
  WriteChangesOptions,
} from './workspace/apply-file-changes.js';
export {
  applyFileChanges,
  planFileChanges,
  readFileOrNull,
  setFileContent,
  temporaryPathFor,
  writePlannedChanges,
} from './workspace/apply-file-changes.js';
export type { CheckedPath } from './workspace/check-protected-path.js';
export { checkProtectedPath } from './workspace/check-protected-path.js';
export type { ProtectedPart } from './workspace/protected-paths.js';
export {
  alwaysProtectedNames,
  defaultProtectedPaths,
  findProtectedParts,
  foldSegment,
} from './workspace/protected-paths.js';
export type { ResolvedPath, ResolvePathOptions } from './workspace/resolve-workspace-path.js';
export { resolveWorkspacePath } from './workspace/resolve-workspace-path.js';
