import { describe, expect, it } from 'vitest';
import { buildRequestBody } from '../../src/glm/build-request-body.js';
import { providerProfiles } from '../../src/glm/provider-profiles.js';
import { createBodyWriter } from '../../src/glm/request-body-writer.js';
import type { AssistantMessage, Message } from '../../src/messages.js';
import type { ModelRequest, ToolSpec } from '../../src/model-client.js';

const readFile: ToolSpec = {
  name: 'read_file',
  description: 'Read a file',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

function history(): Message[] {
  return [
    { role: 'system', content: 'You are a coding agent.' },
    { role: 'user', content: 'Fix "the" bug in src/\u2028 — 思考 🧠' },
    {
      role: 'assistant',
      content: '',
      reasoning: '  keep\tspacing\r\n ',
      toolCalls: [{ id: 'call_1', name: 'read_file', arguments: '{"path": "src/a.ts"}' }],
      model: 'glm-4.7',
    },
    { role: 'tool', toolCallId: 'call_1', content: 'line 1\nline "2"\n' },
    { role: 'assistant', content: 'from elsewhere', reasoning: 'other family', model: 'gpt-x' },
  ];
}

/** What the client sent before the writer existed: the whole body built and stringified. */
function expected(
  request: ModelRequest,
  profile: keyof typeof providerProfiles,
  stream: boolean,
  id: string,
) {
  const context = { profile: providerProfiles[profile], model: 'glm-4.7', stream };
  const body = buildRequestBody(request, context);
  return JSON.stringify(providerProfiles[profile].dialect === 'zai' ? { ...body, request_id: id } : body);
}

describe('createBodyWriter', () => {
  for (const profile of ['zai', 'vllm'] as const) {
    it(`writes the bytes of JSON.stringify(buildRequestBody) (${profile}), also as the history grows`, () => {
      const write = createBodyWriter(providerProfiles[profile], 'glm-4.7');
      const messages = history();
      const requests: ModelRequest[] = [
        { messages },
        { messages, tools: [readFile], thinking: { enabled: false, clearThinking: true }, maxTokens: 100 },
        { messages, tools: [readFile], temperature: 0.5, stop: 'END', responseFormat: 'json_object' },
      ];
      for (const request of requests) {
        for (const stream of [true, false]) {
          const text = write(request, stream);
          expect(text('req-1')).toBe(expected(request, profile, stream, 'req-1'));
          // A retry gets a new request id and nothing else changes.
          expect(text('req-2')).toBe(expected(request, profile, stream, 'req-2'));
        }
      }
      messages.push({ role: 'user', content: 'and now?' });
      const grown = { messages: [...messages], tools: [readFile] };
      expect(write(grown, true)('req-3')).toBe(expected(grown, profile, true, 'req-3'));
    });
  }

  it('stays exact when a later request replaces, drops or reorders messages (compaction, another history)', () => {
    const write = createBodyWriter(providerProfiles.zai, 'glm-4.7');
    const messages = history();
    const check = (list: Message[]) => {
      const request = { messages: list, tools: [readFile] };
      expect(write(request, true)('id')).toBe(expected(request, 'zai', true, 'id'));
    };
    check(messages);
    check([...messages, { role: 'user', content: 'more' }]);
    // Stage-1 compaction: a middle message becomes a new object with a stub.
    const stubbed = messages.map((message) =>
      message.role === 'tool' ? { ...message, content: '[Output removed]' } : message,
    );
    check(stubbed);
    check(stubbed.slice(0, 2));
    check([stubbed[0] as Message, { role: 'system', content: 'summary' }, ...stubbed.slice(2)]);
    check([...messages].reverse());
    check(messages);
  });

  it('stays exact when bodies are made out of order, late (a retry) or never', () => {
    const write = createBodyWriter(providerProfiles.zai, 'glm-4.7');
    const messages = history();
    const request = (list: Message[]) => ({ messages: list, tools: [readFile] });
    const first = request(messages.slice(0, 3));
    const firstText = write(first, true);
    expect(firstText('a')).toBe(expected(first, 'zai', true, 'a'));
    const second = request(messages.slice(0, 4));
    const secondText = write(second, true);
    expect(secondText('b')).toBe(expected(second, 'zai', true, 'b'));
    // The older request's body, made again (a late retry) after the newer one was written and made.
    expect(firstText('c')).toBe(expected(first, 'zai', true, 'c'));
    // A request whose body is never made, then one that goes on from it.
    write(request(messages), true);
    const grown = request([...messages, { role: 'user', content: 'more' }]);
    expect(write(grown, true)('d')).toBe(expected(grown, 'zai', true, 'd'));
    const shorter = request(messages.slice(0, 2));
    expect(write(shorter, true)('e')).toBe(expected(shorter, 'zai', true, 'e'));
  });

  it('notices messages edited in place after they were written', () => {
    const write = createBodyWriter(providerProfiles.zai, 'glm-4.7');
    const messages = history();
    const request = { messages, tools: [readFile] };
    write(request, true)('warm');
    const assistant = messages[2] as AssistantMessage;
    const edits: (() => void)[] = [
      // Reasoning of another model family is not replayed, so this changes the bytes.
      () => {
        assistant.model = 'other-model';
      },
      () => {
        assistant.model = 'glm-4.7';
      },
      () => {
        (messages[1] as { content: string }).content = 'changed task';
      },
      () => {
        assistant.reasoning = 'new reasoning';
      },
      () => {
        assistant.reasoning = undefined;
      },
      () => {
        (assistant.toolCalls ?? [])[0] = { id: 'call_1', name: 'read_file', arguments: '{"path":"b"}' };
      },
      () => {
        ((assistant.toolCalls ?? [])[0] as { arguments: string }).arguments = '{"path":"c"}';
      },
      () => {
        assistant.toolCalls?.push({ id: 'call_2', name: 'read_file', arguments: '{}' });
      },
      () => {
        (messages[3] as { toolCallId: string }).toolCallId = 'call_9';
      },
    ];
    for (const edit of edits) {
      const before = write(request, true)('same');
      edit();
      const after = write(request, true)('same');
      expect(after).toBe(expected(request, 'zai', true, 'same'));
      expect(after).not.toBe(before);
    }
  });

  it('throws invalid-options synchronously for a request that breaks a limit', () => {
    const write = createBodyWriter(providerProfiles.zai, 'glm-4.7');
    expect(() => write({ messages: [] }, true)).toThrow(/messages must not be empty/);
  });
});
