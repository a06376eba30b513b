export type { ModelPrice, PriceTable } from './agent/prices.js';
export { costOf, defaultContextWindows, defaultPrices } from './agent/prices.js';
export type { ReducedEvents } from './agent/reduce-events.js';
export { reduceEvents } from './agent/reduce-events.js';
export { runAgent } from './agent/run-agent.js';
export type {
  AgentRun,
  CompactionOptions,
  RunAgentOptions,
  RunResult,
} from './agent/run-agent-options.js';
export type { HookContext, HookReport, RunHooks } from './agent/run-hooks.js';
export type { ThinkingPolicy, TurnInfo } from './agent/thinking-policy.js';
export type {
  AgentEvent,
  AgentEventBody,
  AgentEventType,
  EventEnvelope,
  RunStopReason,
  ToolExecStatus,
} from './agent-events.js';
export type { ErrorCode, ErrorData } from './errors.js';
export { isWrightError, toErrorData, WrightError, wrightError } from './errors.js';
export type { RequestBody, RequestBodyContext } from './glm/build-request-body.js';
export { buildRequestBody } from './glm/build-request-body.js';
export type { ProviderFailure } from './glm/classify-error.js';
export { classifyProviderError, parseRetryAfter } from './glm/classify-error.js';
export { createGlmClient } from './glm/create-glm-client.js';
export type { GlmClientOptions } from './glm/glm-client-options.js';
export type { ProviderName, ProviderProfile } from './glm/provider-profiles.js';
export { providerProfiles } from './glm/provider-profiles.js';
export type { RequestSlots } from './glm/request-slots.js';
export { createRequestSlots } from './glm/request-slots.js';
export type { SseDecoder } from './glm/sse-decoder.js';
export { createSseDecoder } from './glm/sse-decoder.js';
export type {
  AssistantMessage,
  Message,
  SystemMessage,
  ToolCall,
  ToolMessage,
  UserMessage,
} from './messages.js';
export type {
  JsonSchema,
  ModelClient,
  ModelRequest,
  ModelResponse,
  ThinkingSetting,
  ToolSpec,
} from './model-client.js';
export type { ModelEvent, ModelEventType, StopReason } from './model-events.js';
export type { Plan, PlanStep, PlanStepStatus } from './plan.js';
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
export type { SandboxProbe } from './sandbox/probe-sandbox.js';
export { explainProbeFailure, probeSandbox } from './sandbox/probe-sandbox.js';
export type { SandboxMode, SandboxNetwork, SandboxOptions } from './sandbox/sandbox-options.js';
export {
  cacheEnvironment,
  defaultCacheDirectory,
  defaultHiddenHomePaths,
  defaultHiddenPaths,
  sandboxModes,
} from './sandbox/sandbox-options.js';
export type { ChildEnvironment, ChildEnvironmentOptions, SecretPolicy } from './secrets/child-environment.js';
export { childEnvironment, defaultKeyVariable, isCredentialName } from './secrets/child-environment.js';
export type { SecretRedactor } from './secrets/redact-secrets.js';
export { createSecretRedactor, redactErrorData, redactSecrets } from './secrets/redact-secrets.js';
export type { SessionJournal } from './session/journal.js';
export { createSessionJournal } from './session/journal.js';
export type { LoadedSession } from './session/load-session.js';
export { loadSession } from './session/load-session.js';
export type {
  AnyTool,
  ApprovalDecision,
  ApprovalRequest,
  Approver,
  InputCheck,
  Tool,
  ToolContext,
  ToolDisplay,
  ToolEffect,
  ToolResult,
} from './tool.js';
export type { Usage } from './usage.js';
export { addUsage, cacheHitRate, emptyUsage } from './usage.js';
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
export type { PathAllowRule, PathProtection, ProtectedPart } from './workspace/protected-paths.js';
export {
  alwaysProtectedNames,
  defaultPathProtection,
  defaultProtectedPaths,
  findProtectedParts,
  foldSegment,
} from './workspace/protected-paths.js';
export type { ResolvedPath, ResolvePathOptions } from './workspace/resolve-workspace-path.js';
export { resolveWorkspacePath } from './workspace/resolve-workspace-path.js';
export type { ChangeOrigin, FileChange, Workspace } from './workspace.js';
