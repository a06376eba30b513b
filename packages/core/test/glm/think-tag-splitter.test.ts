import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContentPiece, createThinkTagSplitter } from '../../src/glm/think-tag-splitter.js';

function run(chunks: string[], expectLeak: boolean) {
  const splitter = createThinkTagSplitter(expectLeak);
  const pieces: ContentPiece[] = [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
  const join = (kind: ContentPiece['kind']) =>
    pieces
      .filter((piece) => piece.kind === kind)
      .map((piece) => piece.text)
      .join('');
  return { reasoning: join('reasoning'), text: join('text') };
}

/** Random chunkings of a string. */
const chunked = (text: string) =>
  fc.array(fc.nat({ max: text.length }), { maxLength: 8 }).map((cuts) => {
    const points = [...new Set(cuts)].sort((left, right) => left - right);
    const pieces: string[] = [];
    let previous = 0;
    for (const point of [...points, text.length]) {
      pieces.push(text.slice(previous, point));
      previous = point;
    }
    return pieces;
  });

describe('createThinkTagSplitter', () => {
  const cases: [string, boolean, { reasoning: string; text: string }][] = [
    ['Let me think.</think>Answer.', true, { reasoning: 'Let me think.', text: 'Answer.' }],
    ['<think>Plan.</think>Answer.', false, { reasoning: 'Plan.', text: 'Answer.' }],
    ['\n<think>Plan.</think>Answer.', true, { reasoning: 'Plan.', text: 'Answer.' }],
    ['Just an answer.', true, { reasoning: '', text: 'Just an answer.' }],
    ['Just an answer.', false, { reasoning: '', text: 'Just an answer.' }],
    ['Mentions </think> later', false, { reasoning: '', text: 'Mentions </think> later' }],
    ['<think>unterminated', false, { reasoning: 'unterminated', text: '' }],
    ['<thin', false, { reasoning: '', text: '<thin' }],
  ];
  it.each(cases)('splits %j (leak expected: %s) for any chunking', (content, expectLeak, result) => {
    fc.assert(
      fc.property(chunked(content), (chunks) => {
        expect(run(chunks, expectLeak)).toEqual(result);
      }),
      { numRuns: 100 },
    );
  });

  it('stops waiting for a bare </think> once the server sends a reasoning field', () => {
    const splitter = createThinkTagSplitter(true);
    expect(splitter.push('Hello')).toEqual([]);
    expect(splitter.reasoningFieldSeen()).toEqual([{ kind: 'text', text: 'Hello' }]);
    expect(splitter.push(' world')).toEqual([{ kind: 'text', text: ' world' }]);
  });
});
