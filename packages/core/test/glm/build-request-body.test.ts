import { describe, expect, it } from 'vitest';
import { isWrightError } from '../../src/errors.js';
import { buildRequestBody } from '../../src/glm/build-request-body.js';
import { providerProfiles } from '../../src/glm/provider-profiles.js';
import type { Message } from '../../src/messages.js';
import type { ModelRequest, ToolSpec } from '../../src/model-client.js';

const zai = providerProfiles.zai;
const vllm = providerProfiles.vllm;
const sglang = providerProfiles.sglang;
const documented = new Set([
  'model',
  'messages',
  'stream',
  'thinking',
  'tool_stream',
  'tools',
  'tool_choice',
  'temperature',
  'top_p',
  'max_tokens',
  'do_sample',
  'stop',
  'response_format',
  'request_id',
  'user_id',
]);
const listDir: ToolSpec = {
  name: 'list_dir',
  description: 'List a directory',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};
const reasoning = '  Größe → 思考 🧠\n\tkeep   spacing\r\n ';
const history: Message[] = [
  { role: 'system', content: 'You are a coding agent.' },
  { role: 'user', content: 'List the files in src/' },
  {
    role: 'assistant',
    content: '',
    reasoning,
    toolCalls: [{ id: 'call_-8123', name: 'list_dir', arguments: '{"path":"src"}' }],
    model: 'glm-4.7',
  },
  { role: 'tool', toolCallId: 'call_-8123', content: 'index.ts\nutil.ts' },
];

const everything: ModelRequest = {
  messages: history,
  tools: [listDir],
  thinking: { enabled: true, clearThinking: false },
  maxTokens: 32768,
  temperature: 0.7,
  topP: 0.9,
  doSample: true,
  stop: 'END',
  responseFormat: 'json_object',
  userId: 'user-123456',
};

describe('buildRequestBody (zai dialect)', () => {
  it('sends only documented fields, in a fixed order', () => {
    const body = buildRequestBody(everything, {
      profile: zai,
      model: 'glm-4.7',
      stream: true,
      requestId: 'wright-1',
    });
    for (const key of Object.keys(body)) expect(documented.has(key), key).toBe(true);
    expect(Object.keys(body)).toEqual([
      'model',
      'messages',
      'tools',
      'tool_choice',
      'thinking',
      'stream',
      'tool_stream',
      'temperature',
      'top_p',
      'max_tokens',
      'do_sample',
      'stop',
      'response_format',
      'user_id',
      'request_id',
    ]);
    expect(body.stop).toEqual(['END']);
    expect(body.tool_choice).toBe('auto');
    expect(body.thinking).toEqual({ type: 'enabled', clear_thinking: false });
    expect(body.response_format).toEqual({ type: 'json_object' });
  });

  it('is deterministic: identical input gives identical bytes', () => {
    const context = { profile: zai, model: 'glm-4.7', stream: true, requestId: 'x-1' };
    const first = JSON.stringify(buildRequestBody(everything, context));
    const copy = structuredClone({ ...everything, signal: undefined });
    expect(JSON.stringify(buildRequestBody(copy, context))).toBe(first);
  });

  it('omits tools, tool_choice and tool_stream when there are no tools; tool_stream only with stream', () => {
    const bare = buildRequestBody(
      { messages: history.slice(0, 2), tools: [] },
      { profile: zai, model: 'glm-4.7', stream: true },
    );
    expect(bare).not.toHaveProperty('tools');
    expect(bare).not.toHaveProperty('tool_choice');
    expect(bare).not.toHaveProperty('tool_stream');
    const nonStreaming = buildRequestBody(everything, { profile: zai, model: 'glm-4.7', stream: false });
    expect(nonStreaming.stream).toBe(false);
    expect(nonStreaming).not.toHaveProperty('tool_stream');
    expect(nonStreaming.tool_choice).toBe('auto');
  });

  it('defaults to thinking enabled with preserved thinking', () => {
    const body = buildRequestBody(
      { messages: history.slice(0, 2) },
      { profile: zai, model: 'glm-4.7', stream: true },
    );
    expect(body.thinking).toEqual({ type: 'enabled', clear_thinking: false });
    const off = buildRequestBody(
      { messages: history.slice(0, 2), thinking: { enabled: false, clearThinking: true } },
      { profile: zai, model: 'glm-4.7', stream: true },
    );
    expect(off.thinking).toEqual({ type: 'disabled', clear_thinking: true });
  });

  it('translates messages and resends reasoning verbatim as reasoning_content', () => {
    const body = buildRequestBody({ messages: history }, { profile: zai, model: 'glm-4.7', stream: true });
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'user', content: 'List the files in src/' },
      {
        role: 'assistant',
        content: '',
        reasoning_content: reasoning,
        tool_calls: [
          { id: 'call_-8123', type: 'function', function: { name: 'list_dir', arguments: '{"path":"src"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_-8123', content: 'index.ts\nutil.ts' },
    ]);
    const bytes = JSON.stringify(body);
    expect(JSON.parse(bytes).messages[2].reasoning_content).toBe(reasoning);
    expect(Object.keys((body.messages as Record<string, unknown>[])[3]!)).toEqual([
      'role',
      'tool_call_id',
      'content',
    ]);
  });

  it('omits reasoning when absent (R5) and when another model family wrote it (R7)', () => {
    const messages: Message[] = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'a' },
      { role: 'assistant', content: 'b', reasoning: 'other model thought', model: 'claude-sonnet' },
      { role: 'assistant', content: 'c', reasoning: 'glm thought', model: 'GLM-4.6' },
      { role: 'user', content: 'again' },
    ];
    const wire = buildRequestBody({ messages }, { profile: zai, model: 'glm-4.7', stream: true })
      .messages as Record<string, unknown>[];
    expect(wire[1]).toEqual({ role: 'assistant', content: 'a' });
    expect(wire[2]).toEqual({ role: 'assistant', content: 'b' });
    expect(wire[3]).toEqual({ role: 'assistant', content: 'c', reasoning_content: 'glm thought' });
  });

  it('rejects requests that break documented limits', () => {
    const context = { profile: zai, model: 'glm-4.7', stream: true };
    const bad: ModelRequest[] = [
      { messages: [] },
      { messages: history, maxTokens: 0 },
      { messages: history, temperature: 1.5 },
      { messages: history, stop: '' },
      { messages: history, userId: 'abc' },
      { messages: history, tools: [{ ...listDir, name: 'has.dot' }] },
    ];
    for (const request of bad) {
      let thrown: unknown;
      try {
        buildRequestBody(request, context);
      } catch (error) {
        thrown = error;
      }
      expect(isWrightError(thrown) && thrown.code === 'invalid-options').toBe(true);
    }
  });
});

describe('buildRequestBody (self-hosted dialect)', () => {
  it('uses chat_template_kwargs and no Z.AI-only fields', () => {
    const body = buildRequestBody(everything, {
      profile: sglang,
      model: 'glm-4.7',
      stream: true,
      requestId: 'r-1',
    });
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: true, clear_thinking: false });
    for (const zaiOnly of ['thinking', 'tool_stream', 'request_id', 'user_id', 'do_sample']) {
      expect(body).not.toHaveProperty(zaiOnly);
    }
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.tool_choice).toBe('auto');
    expect(body.stop).toEqual(['END']);
  });

  it('maps do_sample false to greedy temperature 0', () => {
    const body = buildRequestBody(
      { messages: history, doSample: false, temperature: 0.8, topP: 0.5, thinking: { enabled: false } },
      { profile: vllm, model: 'glm-4.7', stream: false },
    );
    expect(body.temperature).toBe(0);
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('stream_options');
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: false, clear_thinking: false });
  });

  it('writes reasoning under both names for vLLM and reasoning_content for SGLang', () => {
    const fromVllm = (
      buildRequestBody({ messages: history }, { profile: vllm, model: 'glm-4.7', stream: true })
        .messages as Record<string, unknown>[]
    )[2]!;
    expect(fromVllm.reasoning).toBe(reasoning);
    expect(fromVllm.reasoning_content).toBe(reasoning);
    const fromSglang = (
      buildRequestBody({ messages: history }, { profile: sglang, model: 'glm-4.7', stream: true })
        .messages as Record<string, unknown>[]
    )[2]!;
    expect(fromSglang.reasoning_content).toBe(reasoning);
    expect(fromSglang).not.toHaveProperty('reasoning');
  });
});
