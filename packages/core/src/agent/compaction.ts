import type { Message, ToolCall } from '../messages.js';

/** The opening words of every summary note written by compaction (how later compactions recognise one). */
export const summaryNotePrefix = 'Summary of earlier work (older turns were compacted to save context):';

/** Rough token estimate of messages: characters / 4 plus a few tokens of framing per message. */
export function estimateTokens(messages: Message[]): number {
  let characters = 0;
  for (const message of messages) {
    characters += message.content.length + 16;
    if (message.role === 'assistant') {
      characters += message.reasoning?.length ?? 0;
      for (const call of message.toolCalls ?? []) characters += call.name.length + call.arguments.length + 16;
    }
  }
  return Math.ceil(characters / 4);
}

/**
 * Splits a history into its head (leading system messages, the first user message and the system notes right after
 * it) and whole turns. A turn starts at a user message, an assistant message or a summary note; tool results and
 * other system notes belong to the turn before them, so an assistant message never loses its tool results.
 */
export function splitHistory(messages: Message[]): { head: Message[]; turns: Message[][] } {
  const firstUser = messages.findIndex((message) => message.role === 'user');
  if (firstUser === -1) return { head: [...messages], turns: [] };
  let headEnd = firstUser + 1;
  while (headEnd < messages.length && isPlainSystemNote(messages[headEnd] as Message)) headEnd++;
  const turns: Message[][] = [];
  for (const message of messages.slice(headEnd)) {
    const startsTurn = message.role === 'user' || message.role === 'assistant' || isSummaryNote(message);
    const current = turns[turns.length - 1];
    if (startsTurn || current === undefined) turns.push([message]);
    else current.push(message);
  }
  return { head: messages.slice(0, headEnd), turns };
}

export function isSummaryNote(message: Message): boolean {
  return message.role === 'system' && message.content.startsWith(summaryNotePrefix);
}

function isPlainSystemNote(message: Message): boolean {
  return message.role === 'system' && !isSummaryNote(message);
}

/**
 * Stage 1: replaces tool outputs older than the last `keepRecentTurns` turns with a stub saying how to get the
 * output again. Reasoning, assistant text and tool calls are left alone.
 */
export function stubOldToolOutputs(
  messages: Message[],
  keepRecentTurns: number,
  minToolOutputChars: number,
): { messages: Message[]; savedTokens: number; stubbed: number } {
  const { head, turns } = splitHistory(messages);
  const calls = new Map<string, ToolCall>();
  for (const message of messages) {
    if (message.role === 'assistant') for (const call of message.toolCalls ?? []) calls.set(call.id, call);
  }
  let savedCharacters = 0;
  let stubbed = 0;
  const olderCount = Math.max(0, turns.length - keepRecentTurns);
  const rewritten = turns.map((turn, index) => {
    if (index >= olderCount) return turn;
    return turn.map((message): Message => {
      if (message.role !== 'tool' || message.content.length < minToolOutputChars) return message;
      if (message.content.startsWith('[Output removed')) return message;
      const stub = toolOutputStub(calls.get(message.toolCallId), message.content.length);
      savedCharacters += message.content.length - stub.length;
      stubbed++;
      return { ...message, content: stub };
    });
  });
  return { messages: [...head, ...rewritten.flat()], savedTokens: Math.floor(savedCharacters / 4), stubbed };
}

function toolOutputStub(call: ToolCall | undefined, length: number): string {
  const what = call === undefined ? 'this tool call' : `${call.name} ${truncate(call.arguments, 200)}`;
  return (
    `[Output removed to save context: ${length} characters from ${what}. ` +
    'If you still need it, call the tool again (for a file, read the file again).]'
  );
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}
