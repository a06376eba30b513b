import { reduceEvents, runAgent } from '@wright/core';
import { checkAgentEventProtocol, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { basicTools, collect, type Harness, runChecked, startHarness } from './harness.js';
import { renderTemplate } from './render-template.js';

// Reasoning with whitespace, unicode and markup that any trimming or re-encoding would change.
const reasoning = [
  '  First: look at the input.\n\n',
  'Then write the file — «ünïcode» ✓\t<b>not html</b>  ',
  '\nDone; answer now.\n',
  'Follow-up: echo again. \\n literal backslash-n',
  '  final thoughts  ',
];

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('retained and interleaved reasoning', () => {
  it('sends every earlier reasoning_content back verbatim, with clear_thinking false, across user turns', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'hi' } }], reasoning[0]),
      toolCallTurn([{ name: 'write_file', arguments: { path: 'a.txt', content: 'A' } }], reasoning[1]),
      textTurn('All done.', reasoning[2]),
      toolCallTurn([{ name: 'echo', arguments: { text: 'again' } }], reasoning[3]),
      textTurn('Second task done.', reasoning[4]),
    ]);
    const { model, workspace, server } = harness;
    const tools = basicTools();
    const first = runAgent({
      model,
      workspace,
      tools,
      system: 'You are a coding agent.',
      prompt: 'Do the task.',
    });
    const firstEvents = await collect(first);
    const firstResult = await first.result;
    expect(firstResult.reason).toBe('done');
    expect(firstResult.text).toBe('All done.');
    expect(checkAgentEventProtocol(firstEvents)).toEqual([]);
    expect(reduceEvents(firstEvents).messages).toEqual(firstResult.messages);

    const { result: secondResult } = await runChecked({
      model,
      workspace,
      tools,
      messages: firstResult.messages,
      prompt: 'One more thing.',
    });
    expect(secondResult.reason).toBe('done');
    expect(server.requests).toHaveLength(5);

    server.requests.forEach((request, index) => {
      expect(request.body.thinking).toEqual({ type: 'enabled', clear_thinking: false });
      // biome-ignore lint/suspicious/noExplicitAny: wire JSON
      const assistants = request.body.messages.filter((message: any) => message.role === 'assistant');
      // biome-ignore lint/suspicious/noExplicitAny: wire JSON
      expect(assistants.map((message: any) => message.reasoning_content)).toEqual(reasoning.slice(0, index));
      // Byte level: the raw body carries each reasoning exactly as JSON encodes it.
      for (const earlier of reasoning.slice(0, index))
        expect(request.rawBody).toContain(JSON.stringify(earlier));
    });
  });

  it('keeps exactly one user message through a single task tool loop (notes are system messages)', async () => {
    harness = await startHarness([
      toolCallTurn([{ name: 'echo', arguments: { text: 'x' } }], 'r1'),
      toolCallTurn([{ name: 'echo', arguments: { text: 'x' } }], 'r2'),
      toolCallTurn([{ name: 'echo', arguments: { text: 'x' } }], 'r3'),
      textTurn('ok', 'r4'),
    ]);
    const { model, workspace, server } = harness;
    // Three identical calls make the loop guard answer the third with a warning: the warning must not be a user turn.
    const { result } = await runChecked({ model, workspace, tools: basicTools(), prompt: 'Task.' });
    expect(result.reason).toBe('done');
    expect(server.requests).toHaveLength(4);
    const lastMessages = server.requests[3]?.body.messages;
    expect(lastMessages.at(-1).content).toMatch(/^Not run: you called echo with these same arguments/);
    for (const request of server.requests) {
      // biome-ignore lint/suspicious/noExplicitAny: wire JSON
      const users = request.body.messages.filter((message: any) => message.role === 'user');
      expect(users).toEqual([{ role: 'user', content: 'Task.' }]);
    }
  });

  it('renders, in template order, a prompt whose every turn is a byte-stable prefix of the next', async () => {
    harness = await startHarness([
      toolCallTurn(
        [
          { name: 'echo', arguments: { text: 'one' } },
          { name: 'echo', arguments: '{"text": "two",  "extra_spacing": true}' },
        ],
        'plan',
      ),
      toolCallTurn([{ name: 'write_file', arguments: { path: 'b.txt', content: 'B\n' } }], 'write it'),
      { content: 'Finished.' },
      textTurn('Also finished.', 'follow-up'),
    ]);
    const { model, workspace, server } = harness;
    const tools = basicTools();
    const { result: first } = await runChecked({
      model,
      workspace,
      tools,
      system: 'SYS',
      prompt: 'Go.',
      thinking: 'auto',
    });
    await runChecked({ model, workspace, tools, messages: first.messages, prompt: 'Next.' });
    expect(server.requests).toHaveLength(4);
    const rendered = server.requests.map((request) => renderTemplate(request.body));
    for (let index = 1; index < rendered.length; index++) {
      expect(rendered[index]?.startsWith(rendered[index - 1] as string)).toBe(true);
      expect(rendered[index]?.length).toBeGreaterThan((rendered[index - 1] as string).length);
    }
    // System prompt and tool list are byte-identical in every request.
    const toolBytes = server.requests.map((request) => JSON.stringify(request.body.tools));
    expect(new Set(toolBytes).size).toBe(1);
    expect(server.requests.every((request) => request.body.messages[0].content === 'SYS')).toBe(true);
  });
});
