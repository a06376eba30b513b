import type { CliEvent } from '../cli-events.js';
import { formatCost, formatDuration, formatPercent, formatTokens } from './format-numbers.js';
import type { Style } from './style.js';

type ResultEvent = Extract<CliEvent, { type: 'result' }>;

const headlines: Record<ResultEvent['status'], string> = {
  finished: '✓ finished',
  error: '✗ failed',
  'usage-error': '✗ not started',
  budget: '■ stopped: budget ran out',
  'check-failed': '✗ the check still fails',
  interrupted: '■ interrupted',
};

/** The few lines that end a run for people. */
export function formatRunSummary(result: ResultEvent, style: Style): string {
  const good = result.status === 'finished';
  const headline = good ? style.green(headlines[result.status]) : style.red(headlines[result.status]);
  const facts: string[] = [];
  if (result.reason !== undefined && result.status === 'budget') facts.push(`(${result.reason})`);
  if (result.steps !== undefined) facts.push(`${result.steps} ${result.steps === 1 ? 'step' : 'steps'}`);
  if (result.usage !== undefined) {
    facts.push(
      `${formatTokens(result.usage.totalTokens)} tokens (cache ${formatPercent(result.cacheHitRate ?? 0)})`,
    );
  }
  if (result.cost !== undefined) facts.push(formatCost(result.cost));
  if (result.durationMs !== undefined) facts.push(formatDuration(result.durationMs));
  const lines = [`${style.bold(headline)}${facts.length > 0 ? ` · ${facts.join(' · ')}` : ''}`];
  if (result.check !== undefined) {
    const verdict = result.check.passed ? style.green('passed') : style.red('failed');
    lines.push(`  check \`${result.check.command}\`: ${verdict}`);
  }
  if (result.changedFiles !== undefined && result.changedFiles.length > 0) {
    lines.push(`  changed: ${result.changedFiles.join(', ')}`);
  }
  if (result.sessionId !== undefined) {
    lines.push(
      style.dim(`  session ${result.sessionId} · wright show last · wright diff last · wright undo`),
    );
  }
  return `${lines.join('\n')}\n`;
}
