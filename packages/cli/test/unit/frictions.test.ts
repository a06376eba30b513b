import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/render/format-run-summary.js';
import { createStyle } from '../../src/render/style.js';
import { summarizeToolResult } from '../../src/render/summarize-tool-call.js';
import { createRunApprover } from '../../src/session/run-approver.js';
import { parseDuration } from '../../src/session/run-flags.js';

const plain = createStyle(false);

describe('durations', () => {
  it('take units, and a bare number is seconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('5')).toBe(5_000);
    for (const bad of ['', '0', '-5s', '5d', 'ten', '5 minutes', 'Infinity'])
      expect(parseDuration(bad)).toBeUndefined();
  });

  it('n<unit> is n times the unit for any whole n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (count) => {
        expect(parseDuration(`${count}m`)).toBe(count * 60_000);
        expect(parseDuration(String(count))).toBe(count * 1000);
      }),
    );
  });
});

describe('the run summary', () => {
  const budgetResult = (reason: 'max-steps' | 'token-budget' | 'cost-budget' | 'time-budget') =>
    formatRunSummary({ type: 'result', time: 0, status: 'budget', exitCode: 3, reason, steps: 2 }, plain);

  it('names the budget that ran out', () => {
    expect(budgetResult('time-budget')).toMatch(/^■ stopped: the time budget ran out · 2 steps\n$/);
    expect(budgetResult('cost-budget')).toMatch(/^■ stopped: the cost budget ran out/);
    expect(budgetResult('token-budget')).toMatch(/^■ stopped: the token budget ran out/);
    expect(budgetResult('max-steps')).toMatch(/^■ stopped: the step limit was reached/);
  });

  it('adds --cwd to the closing hints when the run happened elsewhere', () => {
    const result = {
      type: 'result' as const,
      time: 0,
      status: 'finished' as const,
      exitCode: 0,
      sessionId: 's1',
    };
    expect(formatRunSummary(result, plain)).toContain('wright show last · wright diff last · wright undo\n');
    expect(formatRunSummary(result, plain, "/tmp/it's here")).toContain(
      "wright show last --cwd '/tmp/it'\\''s here' · wright diff last --cwd",
    );
  });
});

describe('tool call summaries', () => {
  it('count the lines read_file returned, not its closing note', () => {
    const output = '     1\tone\n     2\ttwo\n     3\tthree\n\n(End of file (3 lines).)';
    expect(summarizeToolResult('ok', { output })).toBe('3 lines');
    expect(summarizeToolResult('ok', { output: '     7\tseven\n\n(Showing lines 7-7 of 9.)' })).toBe(
      '1 line',
    );
    expect(summarizeToolResult('ok', { output: 'a\nb' })).toBe('2 lines');
  });
});

describe('a refusal with nobody to ask', () => {
  it('tells the model how a CLI user allows it', async () => {
    const approve = createRunApprover({
      settings: { approvalMode: 'auto-edit', approvalRules: { allow: [], deny: [] } },
      emit: () => {},
    });
    const decision = await approve({
      toolName: 'shell',
      effect: 'execute',
      title: '$ npm test',
      input: { command: 'npm test' },
    });
    expect(decision).toMatchObject({
      allowed: false,
      reason: expect.stringContaining(
        'the user can run with --approval full or add an allow rule (e.g. shell(npm test*)) to .wright/config.json',
      ),
    });
  });
});
