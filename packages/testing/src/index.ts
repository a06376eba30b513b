export type {
  RecordedRequest,
  ScriptedFault,
  ScriptedFinishReason,
  ScriptedToolCall,
  ScriptedTurn,
  ScriptedUsage,
  TurnScript,
} from './scripted-turn.js';
export type { ScriptedServer, ScriptedServerOptions } from './start-scripted-server.js';
export { startScriptedServer } from './start-scripted-server.js';
export { textTurn, toolCallTurn } from './turn-helpers.js';
