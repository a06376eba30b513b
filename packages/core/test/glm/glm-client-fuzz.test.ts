import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGlmClient } from '../../src/glm/create-glm-client.js';
import type { ModelEvent } from '../../src/model-events.js';

/**
 * Random streams fed straight to the client through its `fetch` option: replies built from random text and calls,
 * encoded in shapes the protocol allows (fragment interleaving, repeated ids, roles, usage placement, extra finish
 * chunks), cut into random byte pieces, and sometimes corrupted. The client must never throw once the stream starts,
 * must end (within its timeouts), and must never report a corrupted reply as a success.
 */

type Call = { id: string; name: string; arguments: string };
type Reply = { reasoning: string; content: string; calls: Call[] };
type Corruption =
  | 'none'
  | 'truncated'
  | 'glued'
  | 'broken-arguments'
  | 'calls-dropped'
  | 'network-error'
  | 'stall';
type Shape = {
  reasoningField: 'reasoning_content' | 'reasoning';
  roleEveryDelta: boolean;
  usage: 'last' | 'separate' | 'none';
  extraStopChunk: boolean;
  repeatIdName: boolean[];
  order: number[];
  pieces: number[];
};

const alphabet = ['a', 'b', ' ', '\n', 'ж', '中', '文', '😀', '"', '\\', '.', 'é'];
const text = fc
  .array(fc.constantFrom(...alphabet), { maxLength: 40 })
  .map((characters) => characters.join(''));
const argumentsText = fc
  .dictionary(
    fc.stringMatching(/^[a-z]{1,6}$/),
    fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)),
    {
      maxKeys: 3,
    },
  )
  .map((value) => JSON.stringify(value));
const replyArbitrary: fc.Arbitrary<Reply> = fc
  .record({
    reasoning: text,
    content: text,
    calls: fc.uniqueArray(
      fc.record({
        id: fc.stringMatching(/^call_[a-z0-9]{1,8}$/),
        name: fc.constantFrom('read_file', 'list_dir', 'shell'),
        arguments: argumentsText,
      }),
      { maxLength: 3, selector: (call) => call.id },
    ),
  })
  // A reply with neither answer text nor calls is malformed on purpose elsewhere; clean replies say something.
  .map((reply) =>
    reply.calls.length === 0 && reply.content.trim() === '' ? { ...reply, content: 'ok' } : reply,
  );
const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  reasoningField: fc.constantFrom('reasoning_content', 'reasoning'),
  roleEveryDelta: fc.boolean(),
  usage: fc.constantFrom('last', 'separate', 'none'),
  extraStopChunk: fc.boolean(),
  repeatIdName: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
  order: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
  pieces: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }),
});
const corruptionArbitrary = fc.constantFrom<Corruption>(
  'none',
  'none',
  'truncated',
  'glued',
  'broken-arguments',
  'calls-dropped',
  'network-error',
  'stall',
);

/** The chunks of a reply: reasoning, content, then the calls' fragments interleaved (each call's in order). */
function chunksOf(reply: Reply, shape: Shape, corruption: Corruption): object[] {
  const deltas: Record<string, unknown>[] = [];
  for (const piece of split(reply.reasoning, 5)) deltas.push({ [shape.reasoningField]: piece });
  for (const piece of split(reply.content, 7)) deltas.push({ content: piece });
  const calls = corruption === 'calls-dropped' ? [] : reply.calls;
  const queues = calls.map((call, index) => {
    const argumentText =
      corruption === 'broken-arguments' && index === 0 ? `${call.arguments}]` : call.arguments;
    const fragments: Record<string, unknown>[] = split(argumentText, 4).map((piece, position) => {
      const fragment: Record<string, unknown> = { index, function: { arguments: piece } };
      if (position === 0 || shape.repeatIdName[(index * 5 + position) % 20]) {
        fragment.id = call.id;
        fragment.type = 'function';
        fragment.function = { name: call.name, arguments: piece };
      }
      return fragment;
    });
    return fragments.length > 0
      ? fragments
      : [{ index, id: call.id, function: { name: call.name, arguments: '' } }];
  });
  let step = 0;
  while (queues.some((queue) => queue.length > 0)) {
    const open = queues.filter((queue) => queue.length > 0);
    const queue = open[(shape.order[step++ % 40] ?? 0) % open.length] as Record<string, unknown>[];
    deltas.push({ tool_calls: [queue.shift()] });
  }
  const envelope = { id: 'fuzz', created: 1, model: 'glm-4.7' };
  const chunks: object[] = deltas.map((delta, position) => ({
    ...envelope,
    choices: [
      { index: 0, delta: position === 0 || shape.roleEveryDelta ? { role: 'assistant', ...delta } : delta },
    ],
  }));
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  const finishReason =
    corruption === 'network-error' ? 'network_error' : reply.calls.length > 0 ? 'tool_calls' : 'stop';
  const finish: Record<string, unknown> = {
    ...envelope,
    choices: [{ index: 0, finish_reason: finishReason, delta: {} }],
  };
  if (shape.usage === 'last') finish.usage = usage;
  chunks.push(finish);
  if (shape.extraStopChunk)
    chunks.push({ ...envelope, choices: [{ index: 0, finish_reason: 'stop', delta: {} }] });
  if (shape.usage === 'separate') chunks.push({ ...envelope, choices: [], usage });
  return chunks;
}

function split(value: string, size: number): string[] {
  const characters = Array.from(value);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size)
    pieces.push(characters.slice(start, start + size).join(''));
  return pieces;
}

/** The SSE bytes of the chunks, corrupted as asked, cut into pieces of the given sizes (cycled). */
function bodyPieces(
  chunks: object[],
  shape: Shape,
  corruption: Corruption,
): { pieces: Uint8Array[]; stall: boolean } {
  const frames = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
  if (corruption === 'glued' && frames.length >= 2) {
    const frame = frames[0] as string;
    frames.splice(0, 2, `${frame.slice(0, Math.floor(frame.length / 2))}${frames[1]}`);
  }
  // Truncated and stalled streams stop before the finish chunk (a drop after it loses nothing).
  const cut = corruption === 'truncated' || corruption === 'stall';
  const kept = cut
    ? frames.slice(
        0,
        Math.max(0, frames.length - (shape.extraStopChunk ? 2 : 1) - (shape.usage === 'separate' ? 1 : 0)),
      )
    : frames;
  let body = kept.join('');
  if (corruption === 'truncated') body = body.slice(0, Math.max(0, body.length - 3));
  if (!cut) body += 'data: [DONE]\n\n';
  const bytes = new TextEncoder().encode(body);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (let index = 0; at < bytes.length; index++) {
    const size = shape.pieces[index % shape.pieces.length] as number;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return { pieces, stall: corruption === 'stall' };
}

/** The non-streaming answer with the same content and the same corruption of the calls. */
function completionOf(reply: Reply, corruption: Corruption): object {
  const calls = corruption === 'calls-dropped' ? [] : reply.calls;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: reply.content,
    reasoning_content: reply.reasoning,
  };
  if (calls.length > 0) {
    message.tool_calls = calls.map((call, index) => ({
      id: call.id,
      type: 'function',
      function: {
        name: call.name,
        arguments: corruption === 'broken-arguments' && index === 0 ? `${call.arguments}]` : call.arguments,
      },
    }));
  }
  const finish =
    corruption === 'network-error' ? 'network_error' : reply.calls.length > 0 ? 'tool_calls' : 'stop';
  return {
    id: 'fuzz',
    created: 1,
    model: 'glm-4.7',
    choices: [{ index: 0, finish_reason: finish, message }],
  };
}

/** A fetch that answers streamed requests with the SSE pieces (a stalled body never closes), others with JSON. */
function fakeFetch(body: { pieces: Uint8Array[]; stall: boolean }, completion: object): typeof fetch {
  return async (_url, init) => {
    if (JSON.parse(String(init?.body)).stream !== true) {
      return new Response(JSON.stringify(completion), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    let index = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const piece = body.pieces[index++];
        if (piece !== undefined) controller.enqueue(piece);
        else if (!body.stall) controller.close();
        else {
          // Like a real fetch body: an abort of the request errors the stream.
          return new Promise<void>((resolve) =>
            init?.signal?.addEventListener('abort', () => {
              controller.error(init.signal?.reason);
              resolve();
            }),
          );
        }
      },
    });
    return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  };
}

describe('GLM client fuzz: fragmented, reordered and corrupted streams', () => {
  it('never throws, always ends, and never reports a corrupted reply as a success', async () => {
    await fc.assert(
      fc.asyncProperty(
        replyArbitrary,
        shapeArbitrary,
        corruptionArbitrary,
        fc.constantFrom('zai', 'vllm') as fc.Arbitrary<'zai' | 'vllm'>,
        async (reply, shape, asked, provider) => {
          // Corrupting the calls of a reply without calls corrupts nothing.
          const callless =
            reply.calls.length === 0 && (asked === 'broken-arguments' || asked === 'calls-dropped');
          const corruption: Corruption = callless ? 'none' : asked;
          const body = bodyPieces(chunksOf(reply, shape, corruption), shape, corruption);
          const client = createGlmClient({
            provider,
            apiKey: 'k',
            baseUrl: 'http://127.0.0.1:9/v1',
            fetch: fakeFetch(body, completionOf(reply, corruption)),
            maxRetries: 1,
            retryBaseDelayMs: 0,
            retryMaxDelayMs: 0,
            maxMalformedRetries: 1,
            idleTimeoutMs: 30,
          });
          const events: ModelEvent[] = [];
          const tools = ['read_file', 'list_dir', 'shell'].map((name) => ({
            name,
            description: name,
            parameters: { type: 'object', properties: {} },
          }));
          // Iteration must not throw; a hang fails the test through the property's timeout below.
          for await (const event of client.stream({ messages: [{ role: 'user', content: 'go' }], tools })) {
            events.push(event);
          }
          const ends = events.filter((event) => event.type === 'message-end');
          expect(ends).toHaveLength(1);
          expect(events.at(-1)?.type).toBe('message-end');
          const end = ends[0] as Extract<ModelEvent, { type: 'message-end' }>;
          if (corruption === 'none') {
            expect(end.stopReason).toBe(reply.calls.length > 0 ? 'tool-calls' : 'stop');
            expect(end.message.reasoning ?? '').toBe(reply.reasoning);
            expect(end.message.content).toBe(reply.content);
            expect(end.message.toolCalls ?? []).toEqual(reply.calls);
            return;
          }
          if (corruption === 'broken-arguments' && end.stopReason === 'tool-calls') {
            // Retries spent: the reply may go on only with the broken call flagged, never run on guessed arguments.
            const broken = events.find(
              (event) => event.type === 'tool-call-end' && event.parseError !== undefined,
            );
            expect(broken).toBeDefined();
            return;
          }
          expect(end.stopReason).toBe('error');
          expect(end.error).toBeDefined();
        },
      ),
      // A run that does not end within 10 s counts as a hang and fails the property.
      { numRuns: 300, timeout: 10_000 },
    );
  }, 120_000);
});
