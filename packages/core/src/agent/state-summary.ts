import type { ToolCallOutcome } from './tool-call-outcome.js';

/** What the loop remembers for a budget or loop stop summary. */
export type WorkState = {
  steps: number;
  /** Paths changed through the workspace or named by write tools, in first-touch order. */
  touchedFiles: Set<string>;
  /** Recent tool calls, oldest first (the loop keeps the last few). */
  recentCalls: ToolCallOutcome[];
};

/** A short, model-free state summary: why the run stopped, steps, files touched, last tool calls. */
export function describeWorkState(stopMessage: string, state: WorkState): string {
  const lines = [`${stopMessage} Steps taken: ${state.steps}.`];
  const files = [...state.touchedFiles];
  lines.push(files.length === 0 ? 'Files touched: none.' : `Files touched: ${files.join(', ')}.`);
  if (state.recentCalls.length > 0) {
    lines.push('Last tool calls:');
    for (const outcome of state.recentCalls.slice(-5)) {
      const args = outcome.call.arguments.replace(/\s+/g, ' ');
      const shown = args.length <= 120 ? args : `${args.slice(0, 120)}…`;
      lines.push(`- ${outcome.call.name} ${shown} → ${outcome.status}`);
    }
  }
  return lines.join('\n');
}

/** Adds the paths a write call names in its input (`path`, `file`, `paths`) to the set. */
export function notePathsFromInput(input: unknown, touched: Set<string>): void {
  if (typeof input !== 'object' || input === null) return;
  const record = input as Record<string, unknown>;
  for (const key of ['path', 'file', 'filePath', 'file_path']) {
    if (typeof record[key] === 'string') touched.add(record[key]);
  }
  if (Array.isArray(record.paths))
    for (const path of record.paths) if (typeof path === 'string') touched.add(path);
}
