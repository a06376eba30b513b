/**
 * Conversation messages as Wright stores them. Provider clients translate these to and from the wire; nothing else
 * reshapes them. Reasoning is stored byte for byte as it arrived and is never trimmed, edited or reordered.
 */

/** A system prompt or a system-role note (used instead of synthetic user messages inside a tool loop). */
export type SystemMessage = {
  role: 'system';
  /** Plain text. */
  content: string;
};

/** A message from the person (or program) that gave the task. */
export type UserMessage = {
  role: 'user';
  /** Plain text; GLM-4.7 text models accept strings only. */
  content: string;
};

/** One function call the model asked for. */
export type ToolCall = {
  /** Provider-assigned call id, echoed back as `tool_call_id` on the result. */
  id: string;
  /** Tool name as the model wrote it (may name a tool that does not exist). */
  name: string;
  /** The exact argument text the model produced; kept verbatim so the history replays byte for byte. */
  arguments: string;
};

/** A model reply. */
export type AssistantMessage = {
  role: 'assistant';
  /** Visible text; empty string when the model only called tools. */
  content: string;
  /** The model's reasoning exactly as streamed (`reasoning_content`); absent when the turn did not think. */
  reasoning?: string;
  /** Tool calls in the order the model emitted them (by stream index). */
  toolCalls?: ToolCall[];
  /** Which model produced this message; reasoning from another model is not replayed as GLM reasoning. */
  model?: string;
};

/** The result of one tool call; every call gets exactly one. */
export type ToolMessage = {
  role: 'tool';
  /** The `ToolCall.id` this answers. */
  toolCallId: string;
  /** The text the model reads. */
  content: string;
};

export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;
