import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repairArgumentsText } from '../../src/glm/repair-arguments.js';
import { createToolCallAccumulator, type ToolCallFragment } from '../../src/glm/tool-call-accumulator.js';
import type { ToolCall } from '../../src/messages.js';
import type { ModelEvent } from '../../src/model-events.js';

/** Cuts `text` into pieces at random points (pieces may be empty). */
const piecesOf = (text: string) =>
  fc.array(fc.nat({ max: text.length }), { maxLength: 6 }).map((cuts) => {
    const points = [...new Set(cuts)].sort((left, right) => left - right);
    const pieces: string[] = [];
    let previous = 0;
    for (const point of [...points, text.length]) {
      pieces.push(text.slice(previous, point));
      previous = point;
    }
    return pieces;
  });

const callArbitrary = fc.record({
  id: fc.stringMatching(/^call_[a-z0-9-]{1,12}$/),
  name: fc.stringMatching(/^[a-zA-Z0-9_-]{1,20}$/),
  arguments: fc.oneof(
    fc.json().filter((text) => text.trim() !== ''),
    fc.string({ unit: 'grapheme', maxLength: 30 }).filter((text) => text.trim() !== ''),
  ),
});

/** Random wire fragments of a list of calls: id/name on the first fragment, sometimes repeated later. */
// Ids are unique within a reply here; duplicates are renamed (tested below). Texts the repair would change are left out.
const scenario = fc
  .uniqueArray(
    callArbitrary.filter((call) => repairArgumentsText(call.arguments) === call.arguments),
    { minLength: 1, maxLength: 5, selector: (call) => call.id },
  )
  .chain((calls) =>
    fc
      .tuple(
        ...calls.map((call) => piecesOf(call.arguments)),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      )
      .map((parts) => {
        const repeat = parts[calls.length] as boolean[];
        const order = parts[calls.length + 1] as number[];
        const queues: ToolCallFragment[][] = calls.map((call, index) =>
          (parts[index] as string[]).map((piece, position) => {
            const fragment: ToolCallFragment = { index, arguments: piece };
            if (position === 0 || repeat[(index * 7 + position) % 40]) {
              fragment.id = call.id;
              fragment.name = call.name;
            }
            return fragment;
          }),
        );
        // Interleave the calls' fragment queues in a random order, keeping each queue's own order.
        const fragments: ToolCallFragment[] = [];
        let step = 0;
        while (queues.some((queue) => queue.length > 0)) {
          const open = queues.filter((queue) => queue.length > 0);
          fragments.push(open[(order[step++ % 40] ?? 0) % open.length]!.shift()!);
        }
        return { calls: calls as ToolCall[], fragments };
      }),
  );

describe('createToolCallAccumulator', () => {
  it('rebuilds the same calls from any fragmentation and interleaving', () => {
    fc.assert(
      fc.property(scenario, ({ calls, fragments }) => {
        const accumulator = createToolCallAccumulator();
        const events: ModelEvent[] = fragments.flatMap((fragment) => accumulator.push(fragment));
        const finished = accumulator.finish((index) => `fallback_${index}`);
        events.push(...finished.events);
        expect(finished.calls).toEqual(calls);
        calls.forEach((call, index) => {
          const mine = events.filter((event) => 'index' in event && event.index === index);
          expect(mine[0]).toEqual({ type: 'tool-call-start', index, id: call.id, name: call.name });
          expect(mine.filter((event) => event.type === 'tool-call-start')).toHaveLength(1);
          const deltas = mine.flatMap((event) => (event.type === 'tool-call-delta' ? [event.delta] : []));
          expect(deltas.join('')).toBe(call.arguments);
          const end = mine.at(-1);
          expect(end?.type).toBe('tool-call-end');
          if (end?.type !== 'tool-call-end') return;
          expect(end.arguments).toBe(call.arguments);
          let parsed: unknown;
          try {
            parsed = JSON.parse(call.arguments);
            expect(end.input).toEqual(parsed);
            expect(end.parseError).toBeUndefined();
          } catch {
            expect(end.parseError).toBeTypeOf('string');
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('turns empty arguments into {} and invents ids that never arrived', () => {
    const accumulator = createToolCallAccumulator();
    accumulator.push({ index: 0, name: 'get_time', arguments: '' });
    const { calls, events } = accumulator.finish((index) => `made_${index}`);
    expect(calls).toEqual([{ id: 'made_0', name: 'get_time', arguments: '{}' }]);
    expect(events.at(-1)).toMatchObject({ type: 'tool-call-end', input: {}, arguments: '{}' });
  });

  it('makes duplicate ids unique, deterministically, and keeps the first id and name of each call', () => {
    const accumulator = createToolCallAccumulator();
    const events: ModelEvent[] = [
      { index: 0, id: 'call_1', name: 'read_file', arguments: '{"path":"a"}' },
      { index: 1, id: 'call_1', name: 'read_file', arguments: '{"path":"b"}' },
      { index: 2, id: 'call_1', name: 'list_dir', arguments: '' },
      { index: 0, id: 'call_other', name: 'read_fileread_file' },
    ].flatMap((fragment) => accumulator.push(fragment));
    const finished = accumulator.finish((index) => `fallback_${index}`);
    expect(finished.calls.map((call) => [call.id, call.name])).toEqual([
      ['call_1', 'read_file'],
      ['call_1_2', 'read_file'],
      ['call_1_3', 'list_dir'],
    ]);
    const starts = [...events, ...finished.events].filter((event) => event.type === 'tool-call-start');
    expect(starts.map((event) => event.id)).toEqual(['call_1', 'call_1_2', 'call_1_3']);
  });

  it('repairs {}{} and doubled arguments, and leaves other broken text for the parse error', () => {
    expect(repairArgumentsText('{}{}')).toBe('{}');
    expect(repairArgumentsText(' {} {} ')).toBe('{}');
    expect(repairArgumentsText('{"a":1}{}')).toBe('{"a":1}');
    expect(repairArgumentsText('{"a":1}{"a":1}')).toBe('{"a":1}');
    expect(repairArgumentsText('')).toBe('{}');
    expect(repairArgumentsText('{"name":"Smithh"')).toBe('{"name":"Smithh"');
    expect(repairArgumentsText('["Acme","Beta"]]')).toBe('["Acme","Beta"]]');
    expect(repairArgumentsText('{"a":1}{"a":2}')).toBe('{"a":1}{"a":2}');
  });
});
