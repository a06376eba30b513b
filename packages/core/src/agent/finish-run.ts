import type { RunStopReason } from '../agent-events.js';
import type { ErrorData } from '../errors.js';
import type { ModelRequest } from '../model-client.js';
import { formatPlanForModel } from '../plan.js';
import { cacheHitRate } from '../usage.js';
import { executeToolCalls } from './execute-tool-calls.js';
import { createLoopGuard } from './loop-guard.js';
import type { RunResult } from './run-agent-options.js';
import type { RunContext } from './run-context.js';
import { describeWorkState } from './state-summary.js';
import type { StopVerdict } from './stop-conditions.js';
import { requestTurn } from './turn.js';

export type Ending = {
  reason: RunStopReason;
  output?: unknown;
  summary?: string;
  error?: ErrorData;
};

/** Emits `run-end`, flushes the journal and builds the result. */
export async function finishRun(run: RunContext, ending: Ending): Promise<RunResult> {
  const lastAssistant = run.messages.findLast((message) => message.role === 'assistant');
  const result: RunResult = {
    reason: ending.reason,
    text: lastAssistant?.content ?? '',
    messages: run.messages,
    steps: run.steps,
    usage: run.usage,
    cost: run.cost,
    cacheHitRate: cacheHitRate(run.usage),
    durationMs: Date.now() - run.startedAt,
    sessionId: run.sessionId,
  };
  if (ending.output !== undefined) result.output = ending.output;
  if (run.plan !== undefined) result.plan = run.plan;
  if (ending.summary !== undefined) result.summary = ending.summary;
  if (ending.error !== undefined) result.error = ending.error;
  const { messages: _messages, sessionId: _sessionId, plan: _plan, ...body } = result;
  run.emit({ type: 'run-end', ...body });
  try {
    await run.options.journal?.flush();
  } catch (error) {
    // The run is over; the caller still learns that its journal is incomplete.
    if (result.error === undefined) result.error = (error as { data?: ErrorData }).data;
  }
  return result;
}

/** Ends a run on a stop condition (budget, loop, error), with a state summary. */
export async function finishWithSummary(run: RunContext, verdict: StopVerdict, error?: ErrorData) {
  run.work.steps = run.steps;
  let summary = describeWorkState(verdict.message, run.work);
  // Where the model's own plan stood tells a person (or the next run) what was left.
  if (run.plan !== undefined && run.plan.plan.length > 0)
    summary += `\nPlan:\n${formatPlanForModel(run.plan)}`;
  const budget = ['max-steps', 'token-budget', 'cost-budget', 'time-budget'].includes(verdict.reason);
  if (budget && run.options.summarizeOnBudget && !run.options.signal?.aborted) {
    const modelSummary = await requestBudgetSummary(run, verdict.message);
    if (modelSummary !== '') summary = `${summary}\n\n${modelSummary}`;
  }
  const ending: Ending = { reason: verdict.reason, summary };
  if (error !== undefined) ending.error = error;
  return finishRun(run, ending);
}

/** Longest wait, in milliseconds, for the model's state summary once a budget stopped the run. */
const summaryTimeoutMs = 60_000;

/** One tool-less request asking the model where the work stands; its exchange joins the history. */
async function requestBudgetSummary(run: RunContext, stopMessage: string): Promise<string> {
  run.turn++;
  run.emit({ type: 'turn-start', thinking: false });
  run.append({
    role: 'system',
    content:
      `The run is stopping: ${stopMessage} Without calling tools, summarise the state of the work in a few lines: ` +
      'what was done, which files changed, what remains, and anything that is broken.',
  });
  const request: ModelRequest = {
    ...run.options.modelOptions,
    messages: [...run.messages],
    thinking: { enabled: false, clearThinking: run.options.clearThinking ?? false },
  };
  // The run is already over budget: the summary gets a bounded wait (the time budget itself, at most a minute).
  const limitMs = Math.min(run.options.maxDurationMs ?? summaryTimeoutMs, summaryTimeoutMs);
  const signals = [AbortSignal.timeout(limitMs)];
  if (run.options.signal !== undefined) signals.push(run.options.signal);
  request.signal = AbortSignal.any(signals);
  const outcome = await requestTurn(run.options.model, request, (event) => run.emit(event));
  const cost = run.addModelUsage(outcome.usage);
  const ok = outcome.stopReason !== 'error' && outcome.stopReason !== 'aborted';
  if (ok) {
    run.append(outcome.message);
    const calls = outcome.message.toolCalls ?? [];
    if (calls.length > 0) {
      const { outcomes } = await executeToolCalls({
        calls,
        tools: run.toolsByName,
        workspace: run.workspace,
        approve: async () => false,
        signal: run.controller.signal,
        loopGuard: createLoopGuard(Number.MAX_SAFE_INTEGER),
        emit: run.emit,
        skipReason: 'no tools may run while the stop summary is written',
      });
      for (const { call, result } of outcomes)
        run.append({ role: 'tool', toolCallId: call.id, content: result.output });
    }
  }
  const usage = outcome.usage ?? { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, totalTokens: 0 };
  run.emit({
    type: 'turn-end',
    usage,
    cacheHitRate: usage.inputTokens === 0 ? 0 : usage.cachedInputTokens / usage.inputTokens,
    contextTokens: run.contextEstimate(),
    cost,
  });
  await run.options.journal?.flush();
  return ok ? outcome.message.content.trim() : '';
}

/** Ends a run whose signal fired: the caller's abort, or the time budget. */
export function finishAborted(run: RunContext): Promise<RunResult> {
  if (run.abortCause === 'time-budget') {
    const message = `The time budget of ${run.options.maxDurationMs} ms is used up.`;
    return finishWithSummary(run, { reason: 'time-budget', message });
  }
  run.work.steps = run.steps;
  return finishRun(run, { reason: 'aborted', summary: describeWorkState('The run was aborted.', run.work) });
}

/** Ends a run whose model reply was blocked by the content filter. */
export function finishContentFiltered(run: RunContext, error: ErrorData | undefined): Promise<RunResult> {
  const ending: Ending = { reason: 'content-filter' };
  ending.error = error ?? {
    code: 'blocked-content',
    message: 'The reply was blocked by the content filter.',
    retryable: false,
  };
  return finishRun(run, ending);
}
