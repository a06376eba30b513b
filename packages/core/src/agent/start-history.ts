import type { Message } from '../messages.js';
import type { RunAgentOptions } from './run-agent-options.js';
import { outputSchemaNote } from './structured-output.js';

/**
 * The messages a run appends before its first request: the system prompt (only for a new history), results for
 * tool calls a stopped session left unanswered, the user prompt, and the output-schema note. Prior messages are
 * never changed, so a resumed session sends the same bytes as one that never stopped.
 */
export function startMessages(options: RunAgentOptions, hookContext?: string): Message[] {
  const prior = options.messages ?? [];
  const added: Message[] = [];
  if (prior.length === 0 && options.system !== undefined)
    added.push({ role: 'system', content: options.system });
  added.push(...answerDanglingCalls(prior));
  if (options.prompt !== undefined)
    added.push({
      role: 'user',
      content: hookContext === undefined ? options.prompt : `${options.prompt}\n\n${hookContext}`,
    });
  else if (hookContext !== undefined) added.push({ role: 'system', content: hookContext });
  if (options.outputSchema !== undefined) {
    const note = outputSchemaNote(options.outputSchema);
    const known = prior.some((message) => message.role === 'system' && message.content === note);
    if (!known) added.push({ role: 'system', content: note });
  }
  return added;
}

/** Tool results for calls of the last assistant message that never got one (the session stopped mid-call). */
function answerDanglingCalls(prior: Message[]): Message[] {
  const lastAssistant = prior.findLastIndex((message) => message.role === 'assistant');
  const assistant = prior[lastAssistant];
  if (assistant?.role !== 'assistant') return [];
  const answered = new Set(
    prior
      .slice(lastAssistant + 1)
      .flatMap((message) => (message.role === 'tool' ? [message.toolCallId] : [])),
  );
  return (assistant.toolCalls ?? [])
    .filter((call) => !answered.has(call.id))
    .map((call) => ({
      role: 'tool' as const,
      toolCallId: call.id,
      content: `Not run: the session stopped before ${call.name} finished. Call it again if you still need it.`,
    }));
}
