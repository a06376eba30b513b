export { checkAgentEventProtocol } from './check-agent-event-protocol.js';
export type { HostProcess } from './host-processes.js';
export { eventually, processesWith } from './host-processes.js';
export type { Quirk, ServerProfile, ServerProfileName } from './quirks.js';
export { isQuirk, quirkNames, serverProfiles } from './quirks.js';
export { loadScript, scriptFromJson } from './script-file.js';
export type {
  RecordedRequest,
  ScriptedFault,
  ScriptedFinishReason,
  ScriptedToolCall,
  ScriptedTurn,
  ScriptedUsage,
  TurnScript,
} from './scripted-turn.js';
export type { RedisTestServer } from './start-redis-server.js';
export { startRedisServer } from './start-redis-server.js';
export type { ScriptedConversation, ScriptedServer, ScriptedServerOptions } from './start-scripted-server.js';
export { startScriptedServer } from './start-scripted-server.js';
export { textTurn, toolCallTurn } from './turn-helpers.js';
