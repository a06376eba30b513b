/**
 * Renders a chat-completions request the way GLM-4.7's chat template lays it out for the model
 * (glm-protocol.md §3.2 and §9.2): `[gMASK]<sop>`, the tools block, then each message; an assistant message shows
 * `<think>reasoning</think>` when it has reasoning and either clear_thinking is false or it comes after the last
 * user message, else a bare `</think>`; consecutive tool results share one `<|observation|>`. The generation prompt
 * `<|assistant|><think>` ends the prompt. Whitespace details of the real template do not matter here: every request
 * is rendered by the same function, and only shared prefixes are compared.
 */
export function renderPrompt(body) {
  const clearThinking = body.thinking?.clear_thinking ?? body.chat_template_kwargs?.clear_thinking ?? true;
  const thinking = (body.thinking?.type ?? 'enabled') !== 'disabled';
  const messages = body.messages ?? [];
  const lastUser = messages.map((message) => message.role).lastIndexOf('user');
  let text = '[gMASK]<sop>';
  if (Array.isArray(body.tools) && body.tools.length > 0) {
    text +=
      '<|system|>\n# Tools\n\nYou may call one or more functions to assist with the user query.\n<tools>\n';
    text += body.tools.map((tool) => JSON.stringify(tool)).join('\n');
    text += '\n</tools>\n';
  }
  messages.forEach((message, index) => {
    if (message.role === 'system') text += `<|system|>${message.content}`;
    else if (message.role === 'user') text += `<|user|>${message.content}`;
    else if (message.role === 'tool') {
      if (messages[index - 1]?.role !== 'tool') text += '<|observation|>';
      text += `<tool_response>${message.content}</tool_response>`;
    } else if (message.role === 'assistant') {
      const reasoning = message.reasoning_content ?? message.reasoning;
      const keep = typeof reasoning === 'string' && reasoning !== '' && (!clearThinking || index > lastUser);
      text += `<|assistant|>${keep ? `<think>${reasoning}</think>` : '</think>'}${message.content ?? ''}`;
      for (const call of message.tool_calls ?? [])
        text += renderToolCall(call.function.name, call.function.arguments);
    }
  });
  return `${text}<|assistant|>${thinking ? '<think>' : '</think>'}`;
}

/** What the model generated for a scripted turn, continuing the generation prompt. */
export function renderReply(turn) {
  let text = `${turn.reasoning ?? ''}</think>${turn.content ?? ''}`;
  for (const call of turn.toolCalls ?? []) {
    text += renderToolCall(
      call.name,
      typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    );
  }
  return text;
}

/** GLM-4.7 tool-call syntax: string values raw, others JSON-encoded. */
function renderToolCall(name, argumentText) {
  let text = `<tool_call>${name}`;
  let input;
  try {
    input = JSON.parse(argumentText);
  } catch {
    return `${text}${argumentText}</tool_call>`;
  }
  for (const [key, value] of Object.entries(input ?? {})) {
    text += `<arg_key>${key}</arg_key><arg_value>${typeof value === 'string' ? value : JSON.stringify(value)}</arg_value>`;
  }
  return `${text}</tool_call>`;
}

/** Length of the longest common prefix of two strings. */
export function commonPrefixLength(left, right) {
  const limit = Math.min(left.length, right.length);
  let index = 0;
  while (index < limit && left.charCodeAt(index) === right.charCodeAt(index)) index++;
  return index;
}
