import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { Message, Plan } from '@wright/core';
import { planUpdate } from './session-updates.js';
import { proposedDiff, textContent, toolKind, toolLocations, toolTitle } from './tool-call-view.js';

/**
 * A stored conversation as the updates an editor rebuilds its view from (`session/load`): user messages, reasoning,
 * answers, and each tool call with its result. The model's history itself is not touched: the next prompt resumes
 * the session from its journal, reasoning byte for byte, as `wright run --resume` does. The session's current plan,
 * when it has one, comes last as a `plan` update.
 */
export function replayUpdates(messages: Message[], root: string, plan?: Plan): SessionUpdate[] {
  const updates: SessionUpdate[] = [];
  const calls = new Map<string, { name: string; input: unknown }>();
  for (const message of messages) {
    if (message.role === 'system') continue;
    if (message.role === 'user') {
      updates.push({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text: message.content } });
      continue;
    }
    if (message.role === 'tool') {
      const call = calls.get(message.toolCallId);
      const diffs = call === undefined ? [] : proposedDiff(call.name, call.input, root);
      updates.push({
        sessionUpdate: 'tool_call_update',
        toolCallId: message.toolCallId,
        status: 'completed',
        content: [...diffs, textContent(message.content)],
      });
      continue;
    }
    if (message.reasoning !== undefined && message.reasoning !== '') {
      updates.push({
        sessionUpdate: 'agent_thought_chunk',
        content: { type: 'text', text: message.reasoning },
      });
    }
    if (message.content !== '') {
      updates.push({
        sessionUpdate: 'agent_message_chunk',
        content: { type: 'text', text: message.content },
      });
    }
    for (const call of message.toolCalls ?? []) {
      const input = parsed(call.arguments);
      calls.set(call.id, { name: call.name, input });
      updates.push({
        sessionUpdate: 'tool_call',
        toolCallId: call.id,
        name: call.name,
        title: toolTitle(call.name, input),
        kind: toolKind(call.name),
        status: 'pending',
        locations: toolLocations(call.name, input, root),
        rawInput: input ?? call.arguments,
      });
    }
  }
  if (plan !== undefined) updates.push(planUpdate(plan.plan));
  return updates;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
