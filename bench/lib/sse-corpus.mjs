import { createRandom, randomInt } from './random.mjs';

const words = [
  'the',
  'file',
  'function',
  'returns',
  'test',
  'we',
  'need',
  'to',
  'check',
  'import',
  'const',
  'value',
  'error',
  'path',
  'so',
  'let',
  'me',
  'look',
  'at',
  'config',
  'then',
  'update',
  'the',
  'call',
  '"quoted"',
  'line\n',
  'tab\there',
  '文件',
  '函数',
  '检查',
  'naïve',
  'café',
  '🙂',
  '→',
  'back\\slash',
  '{',
  '}',
  '[',
  ']',
  '\n\n',
];

/**
 * A GLM-4.7 SSE stream as Z.AI sends it (tool_stream on): reasoning deltas, then content deltas, then many tool
 * calls with argument fragments, a final chunk with finish_reason and usage, then `[DONE]`. Returns the bytes and
 * what a correct decoder must find in them.
 */
export function generateSseStream(targetBytes, seed = 7) {
  const random = createRandom(seed);
  const parts = [];
  let size = 0;
  let events = 0;
  const expected = { reasoningChars: 0, contentChars: 0, toolCalls: 0, argumentChars: 0 };
  const head = { id: '20260101120000abcdef0123456789', created: 1767268800, model: 'glm-4.7' };
  const emit = (delta, extra = {}, top = {}) => {
    const text = `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, ...extra }], ...top })}\n\n`;
    parts.push(text);
    size += Buffer.byteLength(text);
    events++;
  };
  const phrase = () => {
    let text = '';
    const count = randomInt(random, 1, 6);
    for (let index = 0; index < count; index++) text += `${words[randomInt(random, 0, words.length - 1)]} `;
    return text;
  };
  emit({ role: 'assistant', reasoning_content: '' });
  while (size < targetBytes * 0.4) {
    const delta = phrase();
    expected.reasoningChars += delta.length;
    emit({ reasoning_content: delta });
  }
  while (size < targetBytes * 0.7) {
    const delta = phrase();
    expected.contentChars += delta.length;
    emit({ content: delta });
  }
  while (size < targetBytes) {
    const index = expected.toolCalls++;
    emit({
      tool_calls: [
        { index, id: `call_${index}`, type: 'function', function: { name: 'write_file', arguments: '' } },
      ],
    });
    const body = JSON.stringify({
      path: `src/file-${index}.ts`,
      content: phrase().repeat(randomInt(random, 50, 400)),
    });
    expected.argumentChars += body.length;
    for (let offset = 0; offset < body.length; ) {
      const length = randomInt(random, 4, 48);
      emit({ tool_calls: [{ index, function: { arguments: body.slice(offset, offset + length) } }] });
      offset += length;
    }
  }
  const usage = {
    prompt_tokens: 1000,
    completion_tokens: Math.round(size / 4),
    total_tokens: 1000 + Math.round(size / 4),
  };
  emit({ role: 'assistant', content: '' }, { finish_reason: 'tool_calls' }, { usage });
  parts.push('data: [DONE]\n\n');
  return { bytes: Buffer.from(parts.join('')), events, expected };
}

/**
 * The bytes as a web ReadableStream, cut the way a socket delivers them: reads of 1 B to 8 KiB (mean about 4 KiB),
 * so events and multi-byte characters are split across reads.
 */
export function chunkedStream(bytes, seed = 11) {
  const random = createRandom(seed);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const end = Math.min(bytes.length, offset + randomInt(random, 1, 8192));
      controller.enqueue(bytes.subarray(offset, end));
      offset = end;
    },
  });
}
