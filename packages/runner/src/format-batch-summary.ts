import type { BatchResult } from './run-batch.js';

/** A plain-text table of batch results with a totals line (no colours; the CLI may add them). */
export function formatBatchSummary(results: BatchResult[]): string {
  const header = ['task', 'status', 'steps', 'tokens in', 'out', 'cached', 'cost', 'time', 'check'];
  const rows = results.map((result) => [
    result.id,
    result.status,
    String(result.steps),
    formatCount(result.inputTokens),
    formatCount(result.outputTokens),
    formatCount(result.cachedTokens),
    `$${result.cost.toFixed(4)}`,
    `${(result.durationMs / 1000).toFixed(1)}s`,
    result.check === null ? '-' : `${result.check.passed ? 'passed' : 'failed'} (${result.check.rounds})`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  const sum = (pick: (result: BatchResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  const totals =
    `${results.length} tasks: ${[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}` +
    ` · ${formatCount(sum((result) => result.inputTokens))} in / ${formatCount(sum((result) => result.outputTokens))} out` +
    ` (${formatCount(sum((result) => result.cachedTokens))} cached)` +
    ` · $${sum((result) => result.cost).toFixed(4)}` +
    ` · ${(Math.max(0, ...results.map((result) => result.durationMs)) / 1000).toFixed(1)}s longest`;
  return [line(header), ...rows.map(line), '', totals].join('\n');
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
