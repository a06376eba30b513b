export type { ModelPrice, PriceTable } from './agent/prices.js';
export { defaultPrices } from './agent/prices.js';
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
export { createGlmClient } from './glm/create-glm-client.js';
export type { GlmClientOptions } from './glm/glm-client-options.js';
export type { ProviderName } from './glm/provider-profiles.js';
export type { RequestSlots } from './glm/request-slots.js';
export { createRequestSlots } from './glm/request-slots.js';
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
export type { SandboxProbe } from './sandbox/probe-sandbox.js';
export { probeSandbox } from './sandbox/probe-sandbox.js';
export type { SandboxMode, SandboxNetwork, SandboxOptions } from './sandbox/sandbox-options.js';
export { sandboxModes } from './sandbox/sandbox-options.js';
export type { ChildEnvironment, ChildEnvironmentOptions, SecretPolicy } from './secrets/child-environment.js';
export { childEnvironment, isCredentialName } from './secrets/child-environment.js';
export type { SecretRedactor } from './secrets/redact-secrets.js';
export { createSecretRedactor, redactSecrets } from './secrets/redact-secrets.js';
export type { SessionJournal } from './session/journal.js';
export { createSessionJournal } from './session/journal.js';
export type { LoadedSession } from './session/load-session.js';
export { loadSession } from './session/load-session.js';
export type {
  AnyTool,
  ApprovalDecision,
  ApprovalRequest,
  Approver,
  BudgetLeft,
  CallingRun,
  InputCheck,
  Tool,
  ToolContext,
  ToolDisplay,
  ToolEffect,
  ToolResult,
} from './tool.js';
export type { Usage } from './usage.js';
export { addUsage, cacheHitRate, emptyUsage } from './usage.js';
export type { PathAllowRule, PathProtection } from './workspace/protected-paths.js';
export { defaultPathProtection } from './workspace/protected-paths.js';
export type { ChangeOrigin, FileChange, Workspace } from './workspace.js';
