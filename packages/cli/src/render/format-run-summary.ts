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

/** Which budget ran out, in words, by stop reason. */
const budgetHeadlines: Partial<Record<NonNullable<ResultEvent['reason']>, string>> = {
  'max-steps': '■ stopped: the step limit was reached',
  'token-budget': '■ stopped: the token budget ran out',
  'cost-budget': '■ stopped: the cost budget ran out',
  'time-budget': '■ stopped: the time budget ran out',
};

/** The few lines that end a run for people. */
export function formatRunSummary(result: ResultEvent, style: Style, hintDirectory?: string): string {
  const good = result.status === 'finished';
  const words =
    (result.status === 'budget' && result.reason !== undefined
      ? budgetHeadlines[result.reason]
      : undefined) ?? headlines[result.status];
  const headline = good ? style.green(words) : style.red(words);
  const facts: string[] = [];
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
    // A run outside the user's directory (the demo's sample repository) needs --cwd for the hints to find it.
    const where = hintDirectory === undefined ? '' : ` --cwd ${shellWord(hintDirectory)}`;
    const hints = ['wright show last', 'wright diff last', 'wright undo'].map((hint) => `${hint}${where}`);
    lines.push(style.dim(`  session ${result.sessionId} · ${hints.join(' · ')}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A path as one shell word (quoted only when it needs to be). */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
