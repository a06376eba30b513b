/**
 * Renders a chat-completions request body the way GLM-4.7's chat template lays out the prompt (protocol notes
 * §9.2): tools first, then every message in order, reasoning inside `<think>` (always kept: clear_thinking false),
 * tool calls as `<tool_call>` with arg_key/arg_value pairs, consecutive tool results under one `<|observation|>`.
 * The generation prompt is left out, so turn N's rendering must be a prefix of turn N+1's.
 */
// biome-ignore lint/suspicious/noExplicitAny: wire bodies are plain JSON
export function renderTemplate(body: any): string {
  let text = '[gMASK]<sop>';
  const tools = body.tools ?? [];
  if (tools.length > 0) {
    text += '<|system|>\n# Tools\n<tools>';
    for (const tool of tools) text += `${JSON.stringify(tool)}\n`;
    text += '</tools>';
  }
  let previousRole = '';
  for (const message of body.messages) {
    if (message.role === 'system') text += `<|system|>${message.content}`;
    if (message.role === 'user') text += `<|user|>${message.content}`;
    if (message.role === 'assistant') {
      const reasoning = message.reasoning_content ?? message.reasoning;
      text += `<|assistant|>${reasoning === undefined ? '</think>' : `<think>${reasoning}</think>`}`;
      text += message.content;
      for (const call of message.tool_calls ?? []) {
        text += `<tool_call>${call.function.name}`;
        const input = JSON.parse(call.function.arguments || '{}');
        for (const [key, value] of Object.entries(input)) {
          text += `<arg_key>${key}</arg_key><arg_value>${typeof value === 'string' ? value : JSON.stringify(value)}</arg_value>`;
        }
        text += '</tool_call>';
      }
    }
    if (message.role === 'tool') {
      if (previousRole !== 'tool') text += '<|observation|>';
      text += `<tool_response>${message.content}</tool_response>`;
    }
    previousRole = message.role;
  }
  return text;
}
