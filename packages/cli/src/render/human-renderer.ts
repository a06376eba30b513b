import type { ToolExecStatus, ToolResult, Usage } from '@wright/core';
import type { DisplayEvent } from '../cli-events.js';
import { colorDiff } from './color-diff.js';
import { formatCost, formatDuration, formatPercent, formatTokens } from './format-numbers.js';
import type { Style } from './style.js';
import { summarizeToolInput, summarizeToolResult } from './summarize-tool-call.js';
import type { TerminalOutput } from './terminal-output.js';

/** Turns the event stream into a transcript for people: dim reasoning, full content, one line per tool call. */
export type HumanRenderer = {
  render(event: DisplayEvent): void;
  /** Totals seen so far, for the status line and `/cost`. */
  totals(): RunTotals;
  /** Stops the elapsed-time ticker and removes the status line. */
  close(): void;
};

/** Running totals over the rendered events. */
export type RunTotals = { steps: number; usage: Usage; cost: number; startedAt: number };

export function createHumanRenderer(options: {
  output: TerminalOutput;
  style: Style;
  /** Print reasoning (default true). */
  showReasoning?: boolean;
}): HumanRenderer {
  const { output, style } = options;
  const showReasoning = options.showReasoning ?? true;
  const totals: RunTotals = {
    steps: 0,
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, totalTokens: 0 },
    cost: 0,
    startedAt: Date.now(),
  };
  let inputSummaries = new Map<string, string>();

  const updateStatus = () => {
    const rate =
      totals.usage.inputTokens === 0 ? 0 : totals.usage.cachedInputTokens / totals.usage.inputTokens;
    output.status(
      `step ${totals.steps} · ${formatTokens(totals.usage.totalTokens)} tokens · cache ${formatPercent(rate)} · ` +
        `${formatCost(totals.cost)} · ${formatDuration(Date.now() - totals.startedAt)}`,
    );
  };
  const ticker = setInterval(updateStatus, 1000);
  ticker.unref();

  const handlers: Record<string, (event: DisplayEvent) => void> = {
    'run-start': (event) => {
      totals.startedAt = Number(event.time ?? Date.now());
      const resumed = event.resumed === true ? ' (resumed)' : '';
      output.write(
        style.dim(`wright · ${event.model} via ${event.provider} · session ${event.sessionId}${resumed}\n`),
      );
      updateStatus();
    },
    'reasoning-start': () => {
      if (showReasoning && !style.enabled) output.write('[thinking] ');
    },
    'reasoning-delta': (event) => {
      if (showReasoning) output.write(style.dim(String(event.delta)));
    },
    'reasoning-end': () => {
      if (showReasoning) output.endLine();
    },
    'text-delta': (event) => output.write(String(event.delta)),
    'text-end': () => output.endLine(),
    'message-retry': (event) => {
      const error = event.error as { message?: string } | undefined;
      output.endLine();
      output.write(
        style.yellow(
          `↻ attempt ${event.attempt} failed (${error?.message ?? 'error'}); retrying in ${formatDuration(Number(event.delayMs))}\n`,
        ),
      );
    },
    'tool-exec-start': (event) => {
      inputSummaries.set(String(event.callId), summarizeToolInput(String(event.name), event.input));
    },
    'tool-exec-end': (event) => renderToolEnd(event),
    'turn-start': () => {
      inputSummaries = new Map();
    },
    'turn-end': (event) => {
      totals.steps += 1;
      const usage = event.usage as Usage;
      totals.usage = {
        inputTokens: totals.usage.inputTokens + usage.inputTokens,
        cachedInputTokens: totals.usage.cachedInputTokens + usage.cachedInputTokens,
        outputTokens: totals.usage.outputTokens + usage.outputTokens,
        totalTokens: totals.usage.totalTokens + usage.totalTokens,
      };
      totals.cost += Number(event.cost ?? 0);
      updateStatus();
    },
    'compaction-end': (event) => {
      output.endLine();
      output.write(
        style.dim(
          `⋯ compacted the conversation (${event.stage}) to ~${formatTokens(Number(event.contextTokens))} tokens\n`,
        ),
      );
    },
    note: (event) => {
      output.endLine();
      const text = `${event.level === 'warning' ? '! ' : '· '}${event.message}\n`;
      output.write(event.level === 'warning' ? style.yellow(text) : style.dim(text));
    },
    'task-start': (event) => {
      if (event.mode !== 'worktree') return;
      output.write(style.dim(`working in worktree ${event.root} on branch ${event.branch}\n`));
    },
    repair: (event) => {
      const files = (event.revertedFiles as string[] | undefined) ?? [];
      const reverted = files.length === 0 ? '' : `; reverted ${files.join(', ')}`;
      output.write(
        style.yellow(
          `! repaired the interrupted session (dropped ${event.droppedEvents} events${reverted})\n`,
        ),
      );
    },
    checkpoint: (event) => {
      const files = (event.files as string[] | undefined) ?? [];
      output.write(style.dim(`⚑ checkpoint ${event.step}: ${files.join(', ')}\n`));
    },
    'check-start': (event) => {
      output.endLine();
      output.write(
        `${style.cyan('▶')} check ${style.bold(String(event.command))}${Number(event.round) > 1 ? ` (round ${event.round})` : ''}\n`,
      );
    },
    'check-end': (event) => {
      if (event.passed === true) {
        output.write(
          `${style.green('✓')} check passed ${style.dim(formatDuration(Number(event.durationMs)))}\n`,
        );
        return;
      }
      const why = event.timedOut === true ? 'timed out' : `exit ${event.exitCode}`;
      const tail = String(event.outputTail ?? '')
        .trimEnd()
        .split('\n')
        .slice(-12)
        .join('\n');
      output.write(`${style.red('✗')} check failed (${why})\n${style.dim(tail)}\n`);
    },
    'task-warning': (event) => {
      output.endLine();
      output.write(style.yellow(`! ${event.message}\n`));
    },
    'approval-decision': (event) => {
      if (event.allowed === true || event.by === 'user') return;
      output.write(
        style.yellow(`⊘ ${event.toolName} denied by policy${event.reason ? `: ${event.reason}` : ''}\n`),
      );
    },
  };

  function renderToolEnd(event: DisplayEvent): void {
    const status = event.status as ToolExecStatus;
    const result = event.result as ToolResult;
    const name = String(event.name);
    const ok = status === 'ok';
    const mark = ok ? style.green('✓') : style.red('✗');
    const input = inputSummaries.get(String(event.callId)) ?? '';
    const summary = summarizeToolResult(status, result);
    output.endLine();
    output.write(`${mark} ${style.bold(name)} ${input}${summary === '' ? '' : style.dim(` → ${summary}`)}\n`);
    if (ok && result.display?.kind === 'diff') {
      for (const file of result.display.files) output.write(`${colorDiff(file.diff.trimEnd(), style)}\n`);
    }
  }

  return {
    render(event) {
      handlers[event.type]?.(event);
    },
    totals: () => totals,
    close() {
      clearInterval(ticker);
      output.close();
    },
  };
}
