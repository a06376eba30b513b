// Child process of the stream-decoding suite: decodes the SSE stream (a file the parent generated) with one
// subject, several times, and reports throughput and peak RSS. argv: subject, input file, runs.

import { readFileSync } from 'node:fs';
import { answerParent } from './child.mjs';
import { currentRssBytes, peakRssBytes } from './memory.mjs';
import { chunkedStream } from './sse-corpus.mjs';

const [subject, inputFile, runs] = process.argv.slice(2);

const decoders = {
  async wright(bytes) {
    const { createGlmClient } = await import('@wright/core');
    const client = createGlmClient({
      apiKey: 'bench-key',
      baseUrl: 'http://127.0.0.1:9/api/paas/v4',
      maxRetries: 0,
      fetch: async () => sseResponse(bytes),
    });
    const counts = { reasoningChars: 0, contentChars: 0, toolCalls: 0, argumentChars: 0, events: 0 };
    for await (const event of client.stream({ messages: [{ role: 'user', content: 'go' }] })) {
      counts.events++;
      if (event.type === 'reasoning-delta') counts.reasoningChars += event.delta.length;
      else if (event.type === 'text-delta') counts.contentChars += event.delta.length;
      else if (event.type === 'tool-call-end') {
        counts.toolCalls++;
        counts.argumentChars += event.arguments.length;
      } else if (event.type === 'message-end' && event.stopReason === 'error') {
        throw new Error(`wright stream ended with ${event.stopReason}: ${event.error?.message}`);
      }
    }
    return counts;
  },
  async openai(bytes) {
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({
      apiKey: 'bench-key',
      baseURL: 'http://127.0.0.1:9/api/paas/v4',
      maxRetries: 0,
      fetch: async () => sseResponse(bytes),
    });
    const stream = await client.chat.completions.create({
      model: 'glm-4.7',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    const counts = { reasoningChars: 0, contentChars: 0, toolCalls: 0, argumentChars: 0, events: 0 };
    for await (const chunk of stream) {
      counts.events++;
      const delta = chunk.choices[0]?.delta;
      if (delta?.reasoning_content) counts.reasoningChars += delta.reasoning_content.length;
      if (delta?.content) counts.contentChars += delta.content.length;
      for (const call of delta?.tool_calls ?? []) {
        if (call.id) counts.toolCalls++;
        if (call.function?.arguments) counts.argumentChars += call.function.arguments.length;
      }
    }
    return counts;
  },
  async 'eventsource-parser'(bytes) {
    const counts = { events: 0, dataChars: 0 };
    await parseEvents(bytes, (data) => {
      counts.events++;
      counts.dataChars += data.length;
    });
    return counts;
  },
  async 'eventsource-parser+JSON.parse'(bytes) {
    const counts = { reasoningChars: 0, contentChars: 0, toolCalls: 0, argumentChars: 0, events: 0 };
    await parseEvents(bytes, (data) => {
      if (data === '[DONE]') return;
      counts.events++;
      const delta = JSON.parse(data).choices[0]?.delta;
      if (delta?.reasoning_content) counts.reasoningChars += delta.reasoning_content.length;
      if (delta?.content) counts.contentChars += delta.content.length;
      for (const call of delta?.tool_calls ?? []) {
        if (call.id) counts.toolCalls++;
        if (call.function?.arguments) counts.argumentChars += call.function.arguments.length;
      }
    });
    return counts;
  },
};

/** eventsource-parser's own API fed straight from the stream reader: the floor for SSE decoding in JS. */
async function parseEvents(bytes, onData) {
  const { createParser } = await import('eventsource-parser');
  const parser = createParser({ onEvent: (event) => onData(event.data) });
  const decoder = new TextDecoder();
  const reader = chunkedStream(bytes).getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  parser.feed(decoder.decode());
}

function sseResponse(bytes) {
  return new Response(chunkedStream(bytes), {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
  });
}

answerParent(async () => {
  const decode = decoders[subject];
  if (decode === undefined) throw new Error(`unknown subject ${subject}`);
  // Load the subject's modules and the input before measuring, so the peak above this point is the decoding.
  await decode(Buffer.from('data: [DONE]\n\n'));
  const bytes = readFileSync(inputFile);
  const expected = JSON.parse(readFileSync(`${inputFile}.json`, 'utf8'));
  const rssBeforeBytes = currentRssBytes();
  const secondsPerRun = [];
  let counts;
  for (let index = 0; index < Number(runs); index++) {
    const started = performance.now();
    counts = await decode(bytes);
    secondsPerRun.push((performance.now() - started) / 1000);
  }
  return {
    bytes: bytes.length,
    secondsPerRun,
    peakRssBytes: peakRssBytes(),
    rssBeforeBytes,
    counts,
    expected,
  };
});
