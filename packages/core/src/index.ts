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
export type { ChangeOrigin, FileChange, Workspace } from './workspace.js';
