import type { AgentEvent } from '../agent-events.js';
import { toErrorData } from '../errors.js';
import type { ModelRequest } from '../model-client.js';
import { addUsage, cacheHitRate, emptyUsage, type Usage } from '../usage.js';
import { compactContext } from './compact-context.js';
import { createEventQueue } from './event-queue.js';
import { executeToolCalls } from './execute-tool-calls.js';
import { finishAborted, finishContentFiltered, finishRun, finishWithSummary } from './finish-run.js';
import { createLoopGuard } from './loop-guard.js';
import {
  type AgentRun,
  type RunAgentOptions,
  type RunResult,
  validateRunAgentOptions,
} from './run-agent-options.js';
import { createRunContext, type RunContext } from './run-context.js';
import { startMessages } from './start-history.js';
import { notePathsFromInput } from './state-summary.js';
import { type Budgets, exceededBudget, stopBeforeRequest } from './stop-conditions.js';
import { repairNote, validateOutput } from './structured-output.js';
import { decideThinking, type TurnInfo } from './thinking-policy.js';
import { isContextOverflow, requestTurn } from './turn.js';

/**
 * Runs the agent loop: model request, tool calls, repeat, until the model answers without tool calls or a stop
 * condition fires. Returns at once; events are buffered, so iterating them is optional. Throws only for invalid
 * options; every later failure ends the run with a `run-end` event and a result.
 */
export function runAgent(options: RunAgentOptions): AgentRun {
  validateRunAgentOptions(options);
  const queue = createEventQueue<AgentEvent>();
  const run = createRunContext(options, queue);
  const result = loop(run)
    .catch((error) => finishRun(run, { reason: 'error', error: toErrorData(error) }))
    .finally(() => queue.close());
  return { [Symbol.asyncIterator]: () => queue.iterate(), result };
}

async function loop(run: RunContext): Promise<RunResult> {
  const { options } = run;
  const budgets: Budgets = { ...options, maxSteps: options.maxSteps ?? 50 };
  const stopTimers = watchSignals(run);
  try {
    const resumed = (options.messages ?? []).length > 0;
    const { model } = options;
    const added = startMessages(options);
    const messageCount = run.messages.length + added.length;
    run.emit({ type: 'run-start', model: model.model, provider: model.provider, messageCount, resumed });
    for (const message of added) run.append(message);
    const loopGuard = createLoopGuard(options.loopGuard?.repeats ?? 3);
    let firstOfTask = options.prompt !== undefined;
    let previousCalls: TurnInfo['previousCalls'] = [];
    let overflowRetried = false;
    let repaired = false;
    let responseFormat: ModelRequest['responseFormat'];
    const progress = () => ({ steps: run.steps, usage: run.usage, cost: run.cost, startedAt: run.startedAt });
    while (true) {
      if (run.controller.signal.aborted) return finishAborted(run);
      const verdict = stopBeforeRequest(budgets, progress());
      if (verdict !== undefined) return finishWithSummary(run, verdict);
      await compactContext(run, false);
      if (run.controller.signal.aborted) return finishAborted(run);

      run.turn++;
      const contextTokens = run.contextEstimate();
      const info: TurnInfo = { turn: run.turn, step: run.steps, firstOfTask, previousCalls, contextTokens };
      const thinking = decideThinking(options.thinking, info);
      run.emit({ type: 'turn-start', thinking });
      const request: ModelRequest = {
        ...options.modelOptions,
        messages: [...run.messages],
        thinking: { enabled: thinking, clearThinking: options.clearThinking ?? false },
        signal: run.controller.signal,
      };
      if (run.toolSpecs.length > 0) request.tools = run.toolSpecs;
      if (responseFormat !== undefined) request.responseFormat = responseFormat;
      responseFormat = undefined;
      const outcome = await requestTurn(options.model, request, (event) => run.emit(event));
      const turnCost = run.addModelUsage(outcome.usage);
      const endTurn = () => emitTurnEnd(run, outcome.usage, turnCost);

      if (isContextOverflow(outcome) && !overflowRetried && !run.controller.signal.aborted) {
        overflowRetried = true;
        await endTurn();
        run.emit({
          type: 'note',
          level: 'warning',
          message: 'The prompt did not fit the context; compacting.',
        });
        await compactContext(run, true);
        continue;
      }
      if (outcome.stopReason === 'aborted' || run.controller.signal.aborted) {
        await endTurn();
        return finishAborted(run);
      }
      if (outcome.stopReason === 'error' || isContextOverflow(outcome)) {
        await endTurn();
        const error = outcome.error ?? {
          code: 'unknown',
          message: 'The model request failed.',
          retryable: false,
        };
        return finishWithSummary(
          run,
          { reason: 'error', message: `The model request failed: ${error.message}` },
          error,
        );
      }
      overflowRetried = false;
      run.steps++;
      run.append(outcome.message);
      run.anchorLength = run.messages.length;
      run.anchorTokens = outcome.usage
        ? outcome.usage.inputTokens + outcome.usage.outputTokens
        : contextTokens;
      const calls = outcome.message.toolCalls ?? [];
      if (calls.length > 0) {
        const stop =
          outcome.stopReason === 'content-filter' ? undefined : exceededBudget(budgets, progress());
        const skipReason = outcome.stopReason === 'content-filter' ? 'the reply was blocked' : stop?.message;
        const execution = await executeToolCalls({
          calls,
          tools: run.toolsByName,
          workspace: run.workspace,
          approve: options.approve ?? (async () => true),
          signal: run.controller.signal,
          ...(options.toolTimeoutMs !== undefined ? { toolTimeoutMs: options.toolTimeoutMs } : {}),
          loopGuard,
          emit: run.emit,
          ...(skipReason !== undefined ? { skipReason } : {}),
        });
        for (const outcome of execution.outcomes) {
          run.append({ role: 'tool', toolCallId: outcome.call.id, content: outcome.result.output });
          if (outcome.effect === 'write' && outcome.status === 'ok')
            notePathsFromInput(outcome.input, run.work.touchedFiles);
        }
        run.work.recentCalls = [...run.work.recentCalls, ...execution.outcomes].slice(-10);
        previousCalls = execution.outcomes.map(({ call, effect, status }) => ({
          name: call.name,
          effect,
          status,
        }));
        firstOfTask = false;
        await endTurn();
        if (outcome.stopReason === 'content-filter') return finishContentFiltered(run, outcome.error);
        if (run.controller.signal.aborted) return finishAborted(run);
        if (execution.loopStopped) {
          const message = `The same tool call was repeated ${options.loopGuard?.repeats ?? 3} times and more.`;
          return finishWithSummary(run, { reason: 'loop-detected', message });
        }
        if (stop !== undefined) return finishWithSummary(run, stop);
        continue;
      }
      if (outcome.stopReason === 'content-filter') {
        await endTurn();
        return finishContentFiltered(run, outcome.error);
      }
      if (outcome.stopReason === 'length') {
        run.emit({
          type: 'note',
          level: 'warning',
          message: 'The answer was cut off at the max_tokens limit.',
        });
      }
      if (options.outputSchema !== undefined) {
        const check = validateOutput(options.outputSchema, outcome.message.content);
        if (!check.ok && !repaired) {
          repaired = true;
          run.append({ role: 'system', content: repairNote(check.message) });
          responseFormat = 'json_object';
          await endTurn();
          continue;
        }
        await endTurn();
        if (!check.ok) {
          const error = {
            code: 'unknown' as const,
            message: `The final answer is not valid: ${check.message}`,
            retryable: false,
          };
          return finishRun(run, { reason: 'invalid-output', error });
        }
        return finishRun(run, { reason: 'done', output: check.value });
      }
      await endTurn();
      return finishRun(run, { reason: 'done' });
    }
  } finally {
    stopTimers();
  }
}

/** Links the caller's signal and the time budget to the run's controller; returns the cleanup. */
function watchSignals(run: RunContext): () => void {
  const { signal, maxDurationMs } = run.options;
  const abort = (cause: 'aborted' | 'time-budget') => {
    if (run.controller.signal.aborted) return;
    run.abortCause = cause;
    run.controller.abort(new Error(cause));
  };
  const onAbort = () => abort('aborted');
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    maxDurationMs === undefined ? undefined : setTimeout(() => abort('time-budget'), maxDurationMs);
  return () => {
    signal?.removeEventListener('abort', onAbort);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/**
 * Emits `turn-end` with this turn's usage plus any compaction usage not yet reported, then flushes the journal:
 * every turn boundary is on disk before the loop goes on.
 */
async function emitTurnEnd(run: RunContext, usage: Usage | undefined, cost: number): Promise<void> {
  const turnUsage = usage === undefined ? run.unreportedUsage : addUsage(usage, run.unreportedUsage);
  const turnCost = cost + run.unreportedCost;
  run.unreportedUsage = emptyUsage();
  run.unreportedCost = 0;
  run.emit({
    type: 'turn-end',
    usage: turnUsage,
    cacheHitRate: cacheHitRate(turnUsage),
    contextTokens: run.contextEstimate(),
    cost: turnCost,
  });
  await run.options.journal?.flush();
}
