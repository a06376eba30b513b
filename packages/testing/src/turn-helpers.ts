import type { ScriptedToolCall, ScriptedTurn } from './scripted-turn.js';

/** A turn that answers with text (and optional reasoning) and stops. */
export function textTurn(content: string, reasoning?: string): ScriptedTurn {
  return reasoning === undefined ? { content } : { reasoning, content };
}

/** A turn that calls tools (after optional reasoning); finish reason `tool_calls`. */
export function toolCallTurn(calls: ScriptedToolCall[], reasoning?: string): ScriptedTurn {
  return reasoning === undefined ? { toolCalls: calls } : { reasoning, toolCalls: calls };
}
