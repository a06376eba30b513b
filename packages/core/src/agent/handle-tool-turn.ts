import { copyPlan, type Plan } from '../plan.js';
import type { CallingRun } from '../tool.js';
import { executeToolCalls } from './execute-tool-calls.js';
import { finishAborted, finishContentFiltered, finishWithSummary } from './finish-run.js';
import { hookContext } from './hook-calls.js';
import type { LoopPattern } from './loop-guard.js';
import type { LoopState, TurnReply } from './loop-state.js';
import type { RunResult } from './run-agent-options.js';
import type { RunContext } from './run-context.js';
import { notePathsFromInput } from './state-summary.js';
import { budgetLeft, exceededBudget } from './stop-conditions.js';
import type { ToolCallOutcome } from './tool-call-outcome.js';

/**
 * Runs the tool calls of a reply and appends one result per call, in call order. Budgets are checked before the
 * tools run: when one is used up (or the reply was blocked), every call is answered `skipped` and the run ends.
 * Returns the result when the run ends, undefined when the loop goes on.
 */
export async function handleToolTurn(
  run: RunContext,
  state: LoopState,
  reply: TurnReply,
): Promise<RunResult | undefined> {
  const { outcome } = reply;
  const { options } = run;
  const blocked = outcome.stopReason === 'content-filter';
  const stop = blocked ? undefined : exceededBudget(state.budgets, run);
  const skipReason = blocked ? 'the reply was blocked' : stop?.message;
  const execution = await executeToolCalls({
    calls: outcome.message.toolCalls ?? [],
    tools: run.toolsByName,
    workspace: run.workspace,
    ...(options.approve !== undefined ? { approve: options.approve } : {}),
    signal: run.controller.signal,
    ...(options.toolTimeoutMs !== undefined ? { toolTimeoutMs: options.toolTimeoutMs } : {}),
    loopGuard: state.loopGuard,
    emit: run.emit,
    addSubagentUsage: (usage, cost) => run.addSubagentUsage(usage, cost),
    ...(skipReason !== undefined ? { skipReason } : {}),
    ...(options.hooks !== undefined ? { hooks: { hooks: options.hooks, context: hookContext(run) } } : {}),
    callingRun: callingRun(run, state),
  });
  for (const result of execution.outcomes) notePlan(run, result);
  for (const result of execution.outcomes) {
    run.append({ role: 'tool', toolCallId: result.call.id, content: result.result.output });
    if (result.effect === 'write' && result.status === 'ok')
      notePathsFromInput(result.input, run.work.touchedFiles);
  }
  run.work.recentCalls = [...run.work.recentCalls, ...execution.outcomes].slice(-10);
  state.previousCalls = execution.outcomes.map(({ call, effect, status }) => ({
    name: call.name,
    effect,
    status,
  }));
  state.firstOfTask = false;
  await reply.endTurn();
  if (blocked) return finishContentFiltered(run, outcome.error);
  if (run.controller.signal.aborted) return finishAborted(run);
  if (execution.hookStop !== undefined) {
    return finishWithSummary(run, { reason: 'hook-stopped', message: execution.hookStop });
  }
  if (execution.loopStopped) {
    const message = loopMessage(state.loopGuard.pattern, options.loopGuard?.repeats ?? 3);
    return finishWithSummary(run, { reason: 'loop-detected', message });
  }
  if (stop !== undefined) return finishWithSummary(run, stop);
  return undefined;
}

/** What this run hands on to the runs its tools start: tool timeout, tool hooks, budgets left. */
function callingRun(run: RunContext, state: LoopState): Omit<CallingRun, 'stop'> {
  const { toolTimeoutMs, hooks } = run.options;
  const toolHooks = {
    ...(hooks?.beforeToolCall === undefined ? {} : { beforeToolCall: hooks.beforeToolCall }),
    ...(hooks?.afterToolCall === undefined ? {} : { afterToolCall: hooks.afterToolCall }),
  };
  return {
    sessionId: run.sessionId,
    ...(toolTimeoutMs === undefined ? {} : { toolTimeoutMs }),
    ...(Object.keys(toolHooks).length === 0 ? {} : { hooks: toolHooks }),
    budgetLeft: () => budgetLeft(state.budgets, run),
  };
}

/** A successful call that returned a `plan` display sets the run's plan and emits it as a `plan` event. */
function notePlan(run: RunContext, outcome: ToolCallOutcome): void {
  const display = outcome.result.display;
  if (outcome.status !== 'ok' || display?.kind !== 'plan') return;
  const plan: Plan = copyPlan({
    plan: display.plan,
    ...(display.explanation === undefined ? {} : { explanation: display.explanation }),
  });
  run.plan = plan;
  run.emit({ type: 'plan', callId: outcome.call.id, ...plan });
}

/** The stop sentence for each loop pattern. */
function loopMessage(pattern: LoopPattern | undefined, repeats: number): string {
  if (pattern?.kind === 'alternating') {
    const [first, second] = pattern.names;
    return `The model kept alternating between the same two tool calls (${first} and ${second}) for ${pattern.calls} calls.`;
  }
  if (pattern?.kind === 'near-repeat') {
    return `The same ${pattern.names[0]} call, with only trivially different arguments, was repeated ${repeats} times and more.`;
  }
  return `The same tool call was repeated ${repeats} times and more.`;
}
