import { createUpdatePlanTool } from '@wright/tools';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeEach(async () => {
  kit = await createTestKit();
});
afterEach(() => kit.cleanup());

const tool = createUpdatePlanTool();

describe('update_plan', () => {
  it('takes Codex-shaped input and returns the plan as a plan display', async () => {
    expect(tool.name).toBe('update_plan');
    expect(tool.effect).toBe('read');
    expect(tool.parameters.required).toEqual(['plan']);
    const input = {
      explanation: 'found the bug',
      plan: [
        { step: 'Reproduce the failure', status: 'completed' },
        { step: 'Fix the parser', status: 'in_progress' },
        { step: 'Run the tests', status: 'pending' },
      ],
    };
    const parsed = tool.parse(input);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const result = await tool.run(parsed.value, kit.context);
    expect(result.isError).toBeUndefined();
    expect(result.output).toBe('Plan updated: 1 of 3 steps completed; in progress: Fix the parser.');
    expect(result.display).toEqual({ kind: 'plan', ...input });
  });

  it('refuses two steps in progress, naming them, as an error the model reads', async () => {
    const input = {
      plan: [
        { step: 'a', status: 'in_progress' },
        { step: 'b', status: 'in_progress' },
      ],
    };
    const parsed = tool.parse(input);
    expect(parsed).toEqual({
      ok: false,
      message:
        'Invalid arguments: `plan`: at most one step may be in_progress, found 2 ("a", "b"); mark the others pending or completed.',
    });
    const direct = await tool.run(input as never, kit.context);
    expect(direct.isError).toBe(true);
    expect(direct.output).toContain('at most one step may be in_progress');
  });

  it('refuses unknown statuses, empty steps and an empty plan', () => {
    const bad = [
      { plan: [{ step: 'a', status: 'done' }] },
      { plan: [{ step: '   ', status: 'pending' }] },
      { plan: [] },
      { plan: 'step one' },
      {},
    ];
    for (const input of bad) {
      const parsed = tool.parse(input);
      expect(parsed.ok, JSON.stringify(input)).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/^Invalid arguments: `plan/);
    }
  });

  it('accepts any plan with at most one step in progress, and only those', () => {
    const status = fc.constantFrom('pending', 'in_progress', 'completed');
    const step = fc.record({ step: fc.string({ minLength: 1, maxLength: 40 }), status });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 20 }), (plan) => {
        const valid =
          plan.filter((entry) => entry.status === 'in_progress').length <= 1 &&
          plan.every((entry) => entry.step.trim() !== '');
        expect(tool.parse({ plan }).ok).toBe(valid);
      }),
    );
  });
});
