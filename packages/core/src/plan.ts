/** Where one step of a plan stands (the statuses of Codex's `update_plan`, and of ACP's plan entries). */
export type PlanStepStatus = 'pending' | 'in_progress' | 'completed';

/** One step of the model's plan. */
export type PlanStep = {
  /** What the step does, in a short sentence. */
  step: string;
  status: PlanStepStatus;
};

/**
 * The model's current plan, as the `update_plan` tool received it: every step, in order, at most one of them
 * `in_progress`. Each update replaces the whole plan.
 */
export type Plan = {
  /** Why the plan changed, when the model said so. */
  explanation?: string;
  /** The steps, in order. */
  plan: PlanStep[];
};

const marks: Record<PlanStepStatus, string> = { completed: '[x]', in_progress: '[>]', pending: '[ ]' };

/**
 * The plan as plain text for the model: one line per step (`[x]` completed, `[>]` in progress, `[ ]` pending). Used
 * when compaction re-injects the plan after dropping the call that set it.
 */
export function formatPlanForModel(plan: Plan): string {
  const lines = plan.plan.map((entry) => `${marks[entry.status]} ${entry.step}`);
  if (plan.explanation !== undefined && plan.explanation !== '') lines.unshift(plan.explanation);
  return lines.join('\n');
}

/** A copy of a plan holding only its fields (no extra keys a caller's object may carry). */
export function copyPlan(plan: Plan): Plan {
  const copy: Plan = { plan: plan.plan.map((entry) => ({ step: entry.step, status: entry.status })) };
  if (plan.explanation !== undefined) copy.explanation = plan.explanation;
  return copy;
}
