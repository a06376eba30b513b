import { readFileSync } from 'node:fs';
import type { Plan, Tool } from '@wright/core';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';

const description = readFileSync(new URL('./update-plan.prompt.md', import.meta.url), 'utf8');

/** Most steps one plan may have. */
export const maximumPlanSteps = 50;

const planStep = z.object({
  step: z.string().trim().min(1).max(500).describe('What the step does, in one short sentence.'),
  status: z.enum(['pending', 'in_progress', 'completed']),
});

/** The input of `update_plan`, as Codex's tool takes it: an optional explanation and the whole list of steps. */
export const updatePlanInput = z.object({
  explanation: z.string().max(2000).optional().describe('Why the plan changed (optional).'),
  plan: z
    .array(planStep)
    .min(1)
    .max(maximumPlanSteps)
    .superRefine((steps, context) => {
      const active = steps.filter((entry) => entry.status === 'in_progress');
      if (active.length <= 1) return;
      const names = active.map((entry) => JSON.stringify(entry.step)).join(', ');
      context.addIssue({
        code: 'custom',
        message: `at most one step may be in_progress, found ${active.length} (${names}); mark the others pending or completed`,
      });
    })
    .describe('Every step, in order; at most one in_progress.'),
});

/**
 * Creates the `update_plan` tool: the model keeps its plan (steps with pending / in_progress / completed). The
 * result carries the plan as a `plan` display, which the agent loop emits as a `plan` event and keeps through
 * compaction and resume. Invalid plans (two steps in progress, an empty step) are errors the model reads.
 */
export function createUpdatePlanTool(): Tool<z.infer<typeof updatePlanInput>> {
  return defineTool({
    name: 'update_plan',
    description,
    effect: 'read',
    input: updatePlanInput,
    describe: async (call) => ({ title: `Update the plan (${call.plan.length} steps)` }),
    async run(call) {
      const plan: Plan = { plan: call.plan.map(({ step, status }) => ({ step, status })) };
      if (call.explanation !== undefined && call.explanation.trim() !== '')
        plan.explanation = call.explanation;
      return { output: summarizePlan(plan), display: { kind: 'plan', ...plan } };
    },
  });
}

/** One line for the model: how far the plan is, and the step in progress. */
function summarizePlan(plan: Plan): string {
  const done = plan.plan.filter((entry) => entry.status === 'completed').length;
  const active = plan.plan.find((entry) => entry.status === 'in_progress');
  const current = active === undefined ? '' : `; in progress: ${active.step}`;
  return `Plan updated: ${done} of ${plan.plan.length} steps completed${current}.`;
}
