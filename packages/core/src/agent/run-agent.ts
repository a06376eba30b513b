import type { AgentEvent } from '../agent-events.js';
import { toErrorData } from '../errors.js';
import type { ModelRequest } from '../model-client.js';
import { addUsage, cacheHitRate, emptyUsage, type Usage } from '../usage.js';
import { compactContext } from './compact-context.js';
import { createEventQueue } from './event-queue.js';
import { finishAborted, finishContentFiltered, finishRun, finishWithSummary } from './finish-run.js';
import { handleToolTurn } from './handle-tool-turn.js';
import { askHook, hookContext, hookStopMessage } from './hook-calls.js';
import { createLoopGuard } from './loop-guard.js';
import type { LoopState, TurnReply } from './loop-state.js';
import { createReasoningWatch } from './reasoning-watch.js';
import {
  defaultMaxReasoningChars,
  handleQuotaReset,
  handleReasoningOverrun,
  isQuotaWithReset,
} from './reply-guards.js';
import {
  type AgentRun,
  type RunAgentOptions,
  type RunResult,
  validateRunAgentOptions,
} from './run-agent-options.js';
import { createRunContext, type RunContext } from './run-context.js';
import { startMessages } from './start-history.js';
import { stopBeforeRequest } from './stop-conditions.js';
import { repairNote, validateOutput } from './structured-output.js';
import { decideThinking } from './thinking-policy.js';
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

/** One model request per iteration; each step either ends the run (a result) or lets the loop go on. */
async function loop(run: RunContext): Promise<RunResult> {
  const stopTimers = watchSignals(run);
  try {
    const state = await startRun(run);
    if ('reason' in state) return state;
    while (true) {
      const stopped = await checkBeforeRequest(run, state);
      if (stopped !== undefined) return stopped;
      const reply = await requestNextTurn(run, state);
      const ended = await handleReply(run, state, reply);
      if (ended !== undefined) return ended;
    }
  } finally {
    stopTimers();
  }
}

/**
 * Emits `run-start`, asks the `runStart` hook (which may block the run or add context to the prompt), appends what
 * the run starts with, and sets up the loop's state.
 */
async function startRun(run: RunContext): Promise<LoopState | RunResult> {
  const { options } = run;
  const resumed = (options.messages ?? []).length > 0;
  run.emit({
    type: 'run-start',
    model: options.model.model,
    provider: options.model.provider,
    messageCount: run.messages.length + startMessages(options).length,
    resumed,
  });
  const start = await askHook(() =>
    options.hooks?.runStart?.(
      { ...(options.prompt === undefined ? {} : { prompt: options.prompt }), resumed },
      hookContext(run),
    ),
  );
  if (start?.stop !== undefined) {
    const message = hookStopMessage('A session_start or user_prompt_submit hook', start.stop);
    return finishWithSummary(run, { reason: 'hook-stopped', message });
  }
  if (start?.block !== undefined) {
    const message = `A user_prompt_submit hook blocked the prompt: ${start.block}`;
    return finishRun(run, { reason: 'error', error: { code: 'unknown', message, retryable: false } });
  }
  for (const message of startMessages(options, start?.context || undefined)) run.append(message);
  if (options.maxCostUsd !== undefined && run.price === undefined) {
    const message = `No price is known for model ${options.model.model}, so the cost budget cannot fire; pass \`prices\`.`;
    run.emit({ type: 'note', level: 'warning', message });
  }
  return {
    budgets: { ...options, maxSteps: options.maxSteps ?? 50 },
    loopGuard: createLoopGuard(options.loopGuard?.repeats ?? 3),
    firstOfTask: options.prompt !== undefined,
    previousCalls: [],
    overflowRetried: false,
    repairing: false,
    repaired: false,
    reasoningOverruns: 0,
    thinkingOffNext: false,
    quotaWaits: 0,
  };
}

/** Abort, budgets and compaction, before a request is sent. */
async function checkBeforeRequest(run: RunContext, state: LoopState): Promise<RunResult | undefined> {
  if (run.controller.signal.aborted) return finishAborted(run);
  const verdict = stopBeforeRequest(state.budgets, run);
  if (verdict !== undefined) return finishWithSummary(run, verdict);
  await compactContext(run, false);
  if (run.controller.signal.aborted) return finishAborted(run);
  return undefined;
}

/** Sends the next request of the tool loop (turn-level thinking decided here) and waits for its outcome. */
async function requestNextTurn(run: RunContext, state: LoopState): Promise<TurnReply> {
  const { options } = run;
  run.turn++;
  const contextTokens = run.contextEstimate();
  const thinking =
    !state.thinkingOffNext &&
    decideThinking(options.thinking, {
      turn: run.turn,
      step: run.steps,
      firstOfTask: state.firstOfTask,
      previousCalls: state.previousCalls,
      contextTokens,
    });
  state.thinkingOffNext = false;
  run.emit({ type: 'turn-start', thinking });
  const watch = createReasoningWatch(options.maxReasoningChars ?? defaultMaxReasoningChars);
  const request: ModelRequest = {
    ...options.modelOptions,
    messages: [...run.messages],
    thinking: { enabled: thinking, clearThinking: options.clearThinking ?? false },
    signal: AbortSignal.any([run.controller.signal, watch.signal]),
  };
  if (run.toolSpecs.length > 0) request.tools = run.toolSpecs;
  if (wantsJsonObject(run, state)) request.responseFormat = 'json_object';
  state.repairing = false;
  const outcome = await requestTurn(options.model, request, (event) => {
    watch.observe(event);
    run.emit(event);
  });
  const cost = run.addModelUsage(outcome.usage);
  return {
    outcome,
    contextTokens,
    endTurn: () => emitTurnEnd(run, outcome.usage, cost),
    reasoningCut: watch.cut && !run.controller.signal.aborted,
  };
}

/**
 * `response_format: json_object` goes on every request whose answer must be the structured one: every request of a
 * structured run without tools, and the repair request. Requests that may call tools stay unconstrained, because
 * GLM documents no interplay of json_object with tool calls, and a JSON grammar (vLLM, SGLang) would rule out the
 * template's tool-call markup.
 */
function wantsJsonObject(run: RunContext, state: LoopState): boolean {
  if (run.options.outputSchema === undefined) return false;
  return run.toolSpecs.length === 0 || state.repairing;
}

/** Decides what a reply means: overflow, abort, failure, tool calls or the final answer. */
async function handleReply(
  run: RunContext,
  state: LoopState,
  reply: TurnReply,
): Promise<RunResult | undefined> {
  const { outcome } = reply;
  if (reply.reasoningCut) return handleReasoningOverrun(run, state, reply);
  if (isContextOverflow(outcome) && !state.overflowRetried && !run.controller.signal.aborted) {
    return handleOverflow(run, state, reply);
  }
  if (isQuotaWithReset(reply) && !run.controller.signal.aborted) return handleQuotaReset(run, state, reply);
  if (outcome.stopReason === 'aborted' || run.controller.signal.aborted) {
    await reply.endTurn();
    return finishAborted(run);
  }
  if (outcome.stopReason === 'error' || isContextOverflow(outcome)) {
    await reply.endTurn();
    const error = outcome.error ?? {
      code: 'unknown',
      message: 'The model request failed.',
      retryable: false,
    };
    const message = `The model request failed: ${error.message}`;
    return finishWithSummary(run, { reason: 'error', message }, error);
  }
  state.overflowRetried = false;
  state.reasoningOverruns = 0;
  run.steps++;
  run.append(outcome.message);
  run.anchorLength = run.messages.length;
  run.anchorTokens = outcome.usage
    ? outcome.usage.inputTokens + outcome.usage.outputTokens
    : reply.contextTokens;
  if ((outcome.message.toolCalls ?? []).length > 0) return handleToolTurn(run, state, reply);
  return handleFinalAnswer(run, state, reply);
}

/** The prompt did not fit: compact (forced) and let the loop send the request again, once. */
async function handleOverflow(run: RunContext, state: LoopState, reply: TurnReply): Promise<undefined> {
  state.overflowRetried = true;
  await reply.endTurn();
  run.emit({ type: 'note', level: 'warning', message: 'The prompt did not fit the context; compacting.' });
  await compactContext(run, true);
  return undefined;
}

/** An answer without tool calls ends the run, after validation when a schema was given (one repair round). */
async function handleFinalAnswer(
  run: RunContext,
  state: LoopState,
  reply: TurnReply,
): Promise<RunResult | undefined> {
  const { outcome } = reply;
  if (outcome.stopReason === 'content-filter') {
    await reply.endTurn();
    return finishContentFiltered(run, outcome.error);
  }
  if (outcome.stopReason === 'length') {
    run.emit({ type: 'note', level: 'warning', message: 'The answer was cut off at the max_tokens limit.' });
  }
  const schema = run.options.outputSchema;
  if (schema === undefined) {
    const stopHook = await askStopHook(run, state, outcome.message.content);
    await reply.endTurn();
    if (stopHook === 'continue') return undefined;
    if (stopHook !== undefined)
      return finishWithSummary(run, { reason: 'hook-stopped', message: stopHook.stop });
    return finishRun(run, { reason: 'done' });
  }
  const check = validateOutput(schema, outcome.message.content);
  if (!check.ok && !state.repaired) {
    state.repaired = true;
    state.repairing = true;
    // A system note, not a user message: the GLM template keeps treating this as the same task.
    run.append({ role: 'system', content: repairNote(check.message) });
    await reply.endTurn();
    return undefined;
  }
  await reply.endTurn();
  if (check.ok) return finishRun(run, { reason: 'done', output: check.value });
  const message = `The final answer is not valid: ${check.message}`;
  return finishRun(run, { reason: 'invalid-output', error: { code: 'unknown', message, retryable: false } });
}

/** Most final answers in a row a stop hook may turn back. */
const maxStopContinuations = 5;

/**
 * Asks the `beforeStop` hook: `continue` when it sends the model back to work (its text is appended as a note to
 * the model), a stop message when it ends the run, undefined when the run ends as usual.
 */
async function askStopHook(
  run: RunContext,
  state: LoopState,
  text: string,
): Promise<'continue' | { stop: string } | undefined> {
  const continuations = state.stopContinuations ?? 0;
  if (run.options.hooks?.beforeStop === undefined || continuations >= maxStopContinuations) return undefined;
  const verdict = await askHook(() =>
    run.options.hooks?.beforeStop?.({ text, stopHookActive: continuations > 0 }, hookContext(run)),
  );
  if (verdict?.stop !== undefined) return { stop: hookStopMessage('A stop hook', verdict.stop) };
  if (verdict?.continueWith === undefined || run.controller.signal.aborted) return undefined;
  state.stopContinuations = continuations + 1;
  // A system note, like the repair note: the GLM template keeps treating this as the same task.
  run.append({
    role: 'system',
    content: `A stop hook the user configured asks you to go on: ${verdict.continueWith}`,
  });
  return 'continue';
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
