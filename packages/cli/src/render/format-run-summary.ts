import type { CliEvent } from '../cli-events.js';
import { formatCost, formatDuration, formatPercent, formatTokens } from './format-numbers.js';
import type { Style } from './style.js';
import { fileNames, joinText, own, type TerminalText, trusted, untrustedLine } from './terminal-text.js';

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
export function formatRunSummary(result: ResultEvent, style: Style, hintDirectory?: string): TerminalText {
  const good = result.status === 'finished';
  const words =
    (result.status === 'budget' && result.reason !== undefined
      ? budgetHeadlines[result.reason]
      : undefined) ?? headlines[result.status];
  const headline = trusted(words);
  const coloured = good ? style.green(headline) : style.red(headline);
  const facts: TerminalText[] = [];
  if (result.steps !== undefined)
    facts.push(own`${result.steps} ${trusted(result.steps === 1 ? 'step' : 'steps')}`);
  if (result.usage !== undefined) {
    facts.push(
      own`${formatTokens(result.usage.totalTokens)} tokens (cache ${formatPercent(result.cacheHitRate ?? 0)})`,
    );
  }
  if (result.cost !== undefined) facts.push(formatCost(result.cost));
  if (result.durationMs !== undefined) facts.push(formatDuration(result.durationMs));
  const factLine = facts.length > 0 ? own` · ${joinText(facts, trusted(' · '))}` : trusted('');
  const lines: TerminalText[] = [own`${style.bold(coloured)}${factLine}`];
  if (result.check !== undefined) {
    const verdict = result.check.passed ? style.green(trusted('passed')) : style.red(trusted('failed'));
    lines.push(own`  check \`${untrustedLine(result.check.command)}\`: ${verdict}`);
  }
  if (result.changedFiles !== undefined && result.changedFiles.length > 0) {
    lines.push(own`  changed: ${fileNames(result.changedFiles)}`);
  }
  if (result.sessionId !== undefined) {
    // A run outside the user's directory (the demo's sample repository) needs --cwd for the hints to find it.
    const where = hintDirectory === undefined ? '' : ` --cwd ${shellWord(hintDirectory)}`;
    const hints = ['wright show last', 'wright diff last', 'wright undo'].map((hint) => `${hint}${where}`);
    lines.push(
      style.dim(own`  session ${untrustedLine(result.sessionId)} · ${untrustedLine(hints.join(' · '))}`),
    );
  }
  return own`${joinText(lines, trusted('\n'))}\n`;
}

/** A path as one shell word (quoted only when it needs to be). */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
