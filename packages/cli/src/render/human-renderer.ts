import type { PlanStep, ToolExecStatus, ToolResult, Usage } from '@wright/core';
import type { DisplayEvent } from '../cli-events.js';
import { colorDiff } from './color-diff.js';
import { formatCost, formatDuration, formatPercent, formatTokens } from './format-numbers.js';
import { formatPlanChecklist, planProgress } from './format-plan.js';
import { createStreamSanitizer } from './stream-sanitizer.js';
import type { Style } from './style.js';
import { createSubagentLines } from './subagent-lines.js';
import { summarizeToolInput, summarizeToolResult } from './summarize-tool-call.js';
import type { TerminalOutput } from './terminal-output.js';
import {
  fileName,
  fileNames,
  own,
  type TerminalText,
  trusted,
  untrusted,
  untrustedLine,
} from './terminal-text.js';

/** Model text, reasoning and check output are indented by this, so none of it can pass for Wright's own lines. */
export const untrustedIndent = trusted('  ');

/**
 * Turns the event stream into a transcript for people: dim reasoning, full content, one line per tool call.
 * Everything an event carries from the model, the workspace or the provider is sanitised here (see
 * terminal-text.ts) before Wright's own marks and styling are added; model text and reasoning are indented.
 * A journal without deltas (the journal stores finished blocks only) is shown from `text-end`/`reasoning-end`.
 */
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
  let inputSummaries = new Map<string, TerminalText>();
  // Whether the open text or reasoning block arrived as deltas (live) or only whole at its end (a journal).
  let streamedText = false;
  let streamedReasoning = false;
  // Deltas are sanitised as a stream, so an escape sequence split between two deltas is still removed whole.
  let textStream = createStreamSanitizer();
  let reasoningStream = createStreamSanitizer();
  const writeModelText = (text: string, styled: (text: TerminalText) => TerminalText) =>
    output.write(styled(untrusted(text)), { indent: untrustedIndent });
  const plain = (text: TerminalText) => text;
  // The plan last shown (as JSON, to show it again only when it changed), and its steps for the status line.
  let shownPlan = '';
  let planSteps: PlanStep[] = [];
  const subagentLine = createSubagentLines(style);

  const updateStatus = () => {
    const rate =
      totals.usage.inputTokens === 0 ? 0 : totals.usage.cachedInputTokens / totals.usage.inputTokens;
    const plan = planSteps.length === 0 ? trusted('') : own` · plan ${planProgress(planSteps)}`;
    output.status(
      own`step ${totals.steps} · ${formatTokens(totals.usage.totalTokens)} tokens · cache ${formatPercent(rate)} · ${formatCost(totals.cost)} · ${formatDuration(Date.now() - totals.startedAt)}${plan}`,
    );
  };
  const ticker = setInterval(updateStatus, 1000);
  ticker.unref();

  const handlers: Record<string, (event: DisplayEvent) => void> = {
    'run-start': (event) => {
      totals.startedAt = Number(event.time ?? Date.now());
      const resumed = trusted(event.resumed === true ? ' (resumed)' : '');
      output.write(
        style.dim(
          own`wright · ${untrustedLine(String(event.model))} via ${untrustedLine(String(event.provider))} · session ${untrustedLine(String(event.sessionId))}${resumed}\n`,
        ),
      );
      updateStatus();
    },
    'reasoning-start': () => {
      streamedReasoning = false;
      reasoningStream = createStreamSanitizer();
      if (showReasoning && !style.enabled) output.write(trusted('[thinking] '));
    },
    'reasoning-delta': (event) => {
      streamedReasoning = true;
      if (showReasoning) writeModelText(reasoningStream.push(String(event.delta)), style.dim);
    },
    'reasoning-end': (event) => {
      const rest = streamedReasoning ? reasoningStream.end() : String(event.text ?? '');
      if (showReasoning) writeModelText(rest, style.dim);
      streamedReasoning = false;
      if (showReasoning) output.endLine();
    },
    'text-start': () => {
      streamedText = false;
      textStream = createStreamSanitizer();
    },
    'text-delta': (event) => {
      streamedText = true;
      writeModelText(textStream.push(String(event.delta)), plain);
    },
    'text-end': (event) => {
      writeModelText(streamedText ? textStream.end() : String(event.text ?? ''), plain);
      streamedText = false;
      output.endLine();
    },
    'message-retry': (event) => {
      const error = event.error as { message?: string } | undefined;
      output.endLine();
      output.write(
        style.yellow(
          own`↻ attempt ${Number(event.attempt)} failed (${untrustedLine(error?.message ?? 'error')}); retrying in ${formatDuration(Number(event.delayMs))}\n`,
        ),
      );
    },
    'tool-exec-start': (event) => {
      inputSummaries.set(String(event.callId), summarizeToolInput(String(event.name), event.input));
    },
    'tool-exec-end': (event) => renderToolEnd(event),
    'subagent-event': (event) => {
      const line = subagentLine(event);
      if (line === undefined) return;
      output.endLine();
      output.write(line);
    },
    'lsp-start': (event) => {
      const server = untrustedLine(String(event.server));
      output.write(
        style.dim(
          event.ok === true
            ? own`  lsp: ${server} started\n`
            : own`  lsp: ${server} unavailable: ${untrustedLine(String(event.reason))}\n`,
        ),
      );
    },
    diagnostics: (event) => {
      const errors = Number(event.newErrors);
      if (errors === 0) return;
      const noun = errors === 1 ? own`error` : own`errors`;
      output.write(style.yellow(own`  ${fileName(String(event.path))}: ${errors} new ${noun}\n`));
    },
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
    plan: (event) => {
      const steps = Array.isArray(event.plan) ? (event.plan as PlanStep[]) : [];
      const shown = JSON.stringify([event.explanation ?? null, steps]);
      planSteps = steps;
      if (shown === shownPlan) return;
      shownPlan = shown;
      output.endLine();
      output.write(formatPlanChecklist({ explanation: event.explanation, plan: steps }, style));
      updateStatus();
    },
    'compaction-end': (event) => {
      output.endLine();
      output.write(
        style.dim(
          own`⋯ compacted the conversation (${untrustedLine(String(event.stage))}) to ~${formatTokens(Number(event.contextTokens))} tokens\n`,
        ),
      );
    },
    note: (event) => {
      output.endLine();
      const text = own`${trusted(event.level === 'warning' ? '! ' : '· ')}${untrustedLine(String(event.message))}\n`;
      output.write(event.level === 'warning' ? style.yellow(text) : style.dim(text));
    },
    'hook-run': (event) => {
      // A hook that went its way says nothing; one that blocked, failed or timed out gets one line.
      if (event.outcome === 'ok' && event.message === undefined) return;
      output.endLine();
      const what = own`hook ${untrustedLine(String(event.event))}${event.toolName === undefined ? trusted('') : own` (${untrustedLine(String(event.toolName))})`}`;
      const outcome = {
        blocked: 'blocked',
        stopped: 'ended the run',
        error: 'failed',
        timeout: 'timed out (ignored)',
        ok: 'says',
      }[String(event.outcome)];
      const detail =
        event.message === undefined ? trusted('') : own`: ${untrustedLine(String(event.message))}`;
      const text = own`${trusted('! ')}${what} ${trusted(outcome ?? String(event.outcome))}${detail}\n`;
      output.write(event.outcome === 'ok' ? style.dim(text) : style.yellow(text));
    },
    'task-start': (event) => {
      if (event.mode !== 'worktree') return;
      output.write(
        style.dim(
          own`working in worktree ${fileNames([String(event.root)])} on branch ${untrustedLine(String(event.branch))}\n`,
        ),
      );
    },
    repair: (event) => {
      const files = (event.revertedFiles as string[] | undefined) ?? [];
      const reverted = files.length === 0 ? trusted('') : own`; reverted ${fileNames(files)}`;
      output.write(
        style.yellow(
          own`! repaired the interrupted session (dropped ${Number(event.droppedEvents)} events${reverted})\n`,
        ),
      );
    },
    checkpoint: (event) => {
      const files = (event.files as string[] | undefined) ?? [];
      output.write(style.dim(own`⚑ checkpoint ${Number(event.step)}: ${fileNames(files)}\n`));
    },
    'check-start': (event) => {
      output.endLine();
      const round = Number(event.round) > 1 ? own` (round ${Number(event.round)})` : trusted('');
      output.write(
        own`${style.cyan(trusted('▶'))} check ${style.bold(untrustedLine(String(event.command)))}${round}\n`,
      );
    },
    'check-end': (event) => {
      if (event.passed === true) {
        output.write(
          own`${style.green(trusted('✓'))} check passed ${style.dim(formatDuration(Number(event.durationMs)))}\n`,
        );
        return;
      }
      const why = event.timedOut === true ? trusted('timed out') : own`exit ${Number(event.exitCode)}`;
      const tail = untrusted(String(event.outputTail ?? ''))
        .trimEnd()
        .split('\n')
        .slice(-12)
        .join('\n');
      output.write(own`${style.red(trusted('✗'))} check failed (${why})\n`);
      if (tail !== '') output.write(style.dim(own`${trusted(tail)}\n`), { indent: untrustedIndent });
    },
    'task-warning': (event) => {
      output.endLine();
      output.write(style.yellow(own`! ${untrustedLine(String(event.message))}\n`));
    },
    'approval-decision': (event) => {
      if (event.allowed === true || event.by === 'user') return;
      const reason = event.reason ? own`: ${untrustedLine(String(event.reason))}` : trusted('');
      output.write(style.yellow(own`⊘ ${untrustedLine(String(event.toolName))} denied by policy${reason}\n`));
    },
  };

  function renderToolEnd(event: DisplayEvent): void {
    const status = event.status as ToolExecStatus;
    const result = event.result as ToolResult;
    const name = untrustedLine(String(event.name));
    const ok = status === 'ok';
    const mark = ok ? style.green(trusted('✓')) : style.red(trusted('✗'));
    const input = inputSummaries.get(String(event.callId)) ?? trusted('');
    const summary = summarizeToolResult(status, result);
    output.endLine();
    const outcome = summary === '' ? trusted('') : style.dim(own` → ${summary}`);
    output.write(own`${mark} ${style.bold(name)} ${input}${outcome}\n`);
    if (ok && result.display?.kind === 'diff') {
      for (const file of result.display.files) output.write(own`${colorDiff(file.diff.trimEnd(), style)}\n`);
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
