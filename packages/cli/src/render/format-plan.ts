import type { PlanStep } from '@wright/core';
import type { Style } from './style.js';
import { joinText, own, type TerminalText, trusted, untrustedLine } from './terminal-text.js';

const marks = { completed: '✓', in_progress: '▸', pending: '○' } as const;

/**
 * The model's plan as a compact checklist, one line per step (`✓` completed, `▸` in progress, `○` pending), under a
 * heading with the count done. Steps are model text: one line each, sanitised.
 */
export function formatPlanChecklist(
  plan: { explanation?: unknown; plan: PlanStep[] },
  style: Style,
): TerminalText {
  const heading = style.bold(own`plan ${planProgress(plan.plan)}`);
  const why =
    typeof plan.explanation === 'string' && plan.explanation.trim() !== ''
      ? style.dim(own` · ${untrustedLine(plan.explanation)}`)
      : trusted('');
  const lines: TerminalText[] = [own`${heading}${why}`];
  for (const entry of plan.plan) {
    const mark = trusted(marks[entry.status] ?? '?');
    const step = untrustedLine(entry.step);
    if (entry.status === 'completed') lines.push(style.dim(own`  ${mark} ${step}`));
    else if (entry.status === 'in_progress') lines.push(own`  ${style.cyan(mark)} ${style.bold(step)}`);
    else lines.push(own`  ${mark} ${step}`);
  }
  return own`${joinText(lines, trusted('\n'))}\n`;
}

/** `2/5`: steps completed of all steps. */
export function planProgress(steps: readonly PlanStep[]): TerminalText {
  const done = steps.filter((entry) => entry.status === 'completed').length;
  return own`${done}/${steps.length}`;
}
