import type { AssistantMessage, Message } from '../messages.js';
import type { ProviderProfile } from './provider-profiles.js';

/** A message as the chat-completions endpoint expects it. Keys are created in a fixed order. */
export type WireMessage = Record<string, unknown>;

/**
 * Translates stored messages to the wire. Reasoning goes back verbatim under the profile's field names, and is
 * left out when absent (R5) or when another model family produced it (R7).
 */
export function toWireMessages(messages: Message[], profile: ProviderProfile, model: string): WireMessage[] {
  return messages.map((message) => toWireMessage(message, profile, model));
}

/** One message as the wire expects it. */
export function toWireMessage(message: Message, profile: ProviderProfile, model: string): WireMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant':
      return toWireAssistant(message, profile, model);
  }
}

function toWireAssistant(message: AssistantMessage, profile: ProviderProfile, model: string): WireMessage {
  const wire: WireMessage = { role: 'assistant', content: message.content };
  if (message.reasoning !== undefined && replaysReasoning(message, model)) {
    for (const field of profile.reasoningFields) wire[field] = message.reasoning;
  }
  if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
    wire.tool_calls = message.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return wire;
}

/** Reasoning of another model family is not replayed as GLM reasoning. */
function replaysReasoning(message: AssistantMessage, model: string): boolean {
  if (message.model === undefined || message.model === model) return true;
  return message.model.toLowerCase().startsWith('glm');
}
