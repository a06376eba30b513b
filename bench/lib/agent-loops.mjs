/**
 * The three agent loops the suites compare, each driving a scripted session against the same server:
 * Wright's runAgent (with createGlmClient), the AI SDK's multi-step generateText/streamText through its
 * OpenAI-compatible provider, and a minimal hand-written fetch-and-parse loop (the floor).
 */

export const systemPrompt = 'You are a benchmark agent. Call the tools you are asked to call.';

/**
 * A tool that does nothing but answer: `outputChars` characters of text per call (a short "ok" when 0).
 * `run(input)` returns the text; the wrappers below adapt it to each framework.
 */
export function benchTool({ name = 'noop', outputChars = 0 } = {}) {
  const line = 'src/module/file.ts:42: const value = computeSomething(input, options); // matched line\n';
  return {
    name,
    description: outputChars > 0 ? 'Returns a large block of text.' : 'Does nothing.',
    parameters: {
      type: 'object',
      properties: { step: { type: 'integer' }, call: { type: 'integer' } },
      required: ['step', 'call'],
    },
    run(input) {
      if (outputChars === 0) return 'ok';
      const header = `result of step ${input.step} call ${input.call}\n`;
      return (header + line.repeat(Math.ceil(outputChars / line.length))).slice(0, outputChars);
    },
  };
}

/** Wright: runAgent over createGlmClient, consuming every event as a UI would. */
export async function runWrightSession({
  core,
  baseUrl,
  prompt,
  steps,
  tool,
  history,
  clearThinking = false,
  onEvent,
  runOptions = {},
}) {
  const model = core.createGlmClient({ apiKey: 'bench-key', baseUrl, maxRetries: 0 });
  const wrightTool = {
    name: tool.name,
    description: tool.description,
    effect: 'read',
    parameters: tool.parameters,
    parse: (input) => ({ ok: true, value: input }),
    run: async (input) => ({ output: tool.run(input) }),
  };
  const run = core.runAgent({
    model,
    tools: [wrightTool],
    workspace: { root: process.cwd(), applyChanges: async () => {} },
    system: systemPrompt,
    messages: history,
    prompt,
    maxSteps: steps + 1,
    clearThinking,
    ...runOptions,
  });
  let events = 0;
  for await (const event of run) {
    events++;
    onEvent?.(event);
  }
  const result = await run.result;
  if (result.reason !== 'done')
    throw new Error(`runAgent stopped with ${result.reason}: ${result.error?.message}`);
  return { steps: result.steps, messages: result.messages, events };
}

/** The AI SDK: generateText (non-streaming) or streamText (SSE), multi-step with stopWhen. */
export async function runAiSdkSession({ baseUrl, prompt, steps, tool, streaming = false }) {
  const ai = await import('ai');
  const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
  const provider = createOpenAICompatible({ name: 'zai', baseURL: baseUrl, apiKey: 'bench-key' });
  const options = {
    model: provider.chatModel('glm-4.7'),
    system: systemPrompt,
    prompt,
    tools: {
      [tool.name]: ai.tool({
        description: tool.description,
        inputSchema: ai.jsonSchema(tool.parameters),
        execute: async (input) => tool.run(input),
      }),
    },
    stopWhen: ai.stepCountIs(steps + 1),
    maxRetries: 0,
    providerOptions: { zai: { thinking: { type: 'enabled', clear_thinking: false }, tool_stream: true } },
  };
  let stepList;
  if (streaming) {
    const result = ai.streamText(options);
    await result.consumeStream();
    stepList = await result.steps;
  } else {
    stepList = (await ai.generateText(options)).steps;
  }
  if (stepList.length !== steps + 1)
    throw new Error(`AI SDK ran ${stepList.length} steps, expected ${steps + 1}`);
  return { steps: stepList.length };
}

/**
 * The floor: fetch, split SSE on blank lines, JSON.parse, accumulate, append, repeat. `keepReasoning: false` drops
 * `reasoning_content` from the history, as many hand-rolled loops do.
 */
export async function runFloorSession({
  baseUrl,
  prompt,
  steps,
  tool,
  history,
  keepReasoning = true,
  clearThinking = false,
}) {
  const url = `${baseUrl}/chat/completions`;
  const tools = [
    {
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    },
  ];
  const messages = history ? [...history] : [{ role: 'system', content: systemPrompt }];
  messages.push({ role: 'user', content: prompt });
  for (let step = 1; step <= steps + 1; step++) {
    const body = {
      model: 'glm-4.7',
      messages,
      tools,
      tool_choice: 'auto',
      thinking: { type: 'enabled', clear_thinking: clearThinking },
      stream: true,
      tool_stream: true,
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer bench-key' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    const reply = await readReply(response.body);
    const assistant = { role: 'assistant', content: reply.content };
    if (keepReasoning && reply.reasoning !== '') assistant.reasoning_content = reply.reasoning;
    if (reply.toolCalls.length > 0) {
      assistant.tool_calls = reply.toolCalls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }));
    }
    messages.push(assistant);
    if (reply.toolCalls.length === 0) return { steps: step, messages };
    for (const call of reply.toolCalls) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: tool.run(JSON.parse(call.arguments)) });
    }
  }
  throw new Error(`floor loop did not finish within ${steps + 1} steps`);
}

async function readReply(body) {
  const reply = { reasoning: '', content: '', toolCalls: [] };
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (!event.startsWith('data: ')) continue;
      const data = event.slice(6);
      if (data === '[DONE]') return reply;
      const delta = JSON.parse(data).choices[0]?.delta;
      if (delta === undefined) continue;
      if (delta.reasoning_content) reply.reasoning += delta.reasoning_content;
      if (delta.content) reply.content += delta.content;
      for (const part of delta.tool_calls ?? []) {
        if (reply.toolCalls[part.index] === undefined)
          reply.toolCalls[part.index] = { id: '', name: '', arguments: '' };
        const call = reply.toolCalls[part.index];
        if (part.id) call.id = part.id;
        if (part.function?.name) call.name = part.function.name;
        if (part.function?.arguments) call.arguments += part.function.arguments;
      }
    }
  }
  return reply;
}
