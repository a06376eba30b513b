import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseDecoder } from '../../src/glm/sse-decoder.js';

const encoder = new TextEncoder();

/** Splits bytes at the given cut points (sorted, deduplicated). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort(
    (left, right) => left - right,
  );
  const parts: Uint8Array[] = [];
  let previous = 0;
  for (const point of [...points, bytes.length]) {
    parts.push(bytes.slice(previous, point));
    previous = point;
  }
  return parts;
}

function decodeAll(parts: Uint8Array[]): string[] {
  const decoder = createSseDecoder();
  return [...parts.flatMap((part) => decoder.push(part)), ...decoder.end()];
}

const payloads = [
  JSON.stringify({ choices: [{ index: 0, delta: { reasoning_content: 'Größe 思考 🧠 é' } }] }),
  JSON.stringify({ choices: [{ index: 0, delta: { content: '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 "quoted" \\ back' } }] }),
  JSON.stringify({ error: { code: '1234', message: 'network error, id 42' } }),
  '[DONE]',
];

describe('createSseDecoder', () => {
  it('decodes LF and CRLF framing, ignores event: lines and comments', () => {
    const lf = payloads.map((payload) => `data: ${payload}\n\n`).join('');
    const crlf = `: keep-alive\r\n${payloads.map((payload) => `event: message\r\ndata: ${payload}\r\n\r\n`).join('')}`;
    expect(decodeAll([encoder.encode(lf)])).toEqual(payloads);
    expect(decodeAll([encoder.encode(crlf)])).toEqual(payloads);
  });

  it('gives identical payloads for any split of the bytes, multi-byte characters included', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.nat(), { maxLength: 40 }), (useCrlf, cuts) => {
        const newline = useCrlf ? '\r\n' : '\n';
        const text = payloads.map((payload) => `data: ${payload}${newline}${newline}`).join('');
        expect(decodeAll(splitAt(encoder.encode(text), cuts))).toEqual(payloads);
      }),
      { numRuns: 300 },
    );
  });

  it('splits inside every byte of a four-byte character', () => {
    const bytes = encoder.encode(`data: {"t":"🧠"}\n\n`);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeAll(splitAt(bytes, [cut]))).toEqual(['{"t":"🧠"}']);
    }
  });

  it('delivers a last event that lacks its closing blank line', () => {
    expect(decodeAll([encoder.encode('data: one\n\ndata: two')])).toEqual(['one', 'two']);
  });
});
