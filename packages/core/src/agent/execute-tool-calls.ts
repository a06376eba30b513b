import type { AgentEventBody } from '../agent-events.js';
import { toErrorData } from '../errors.js';
import type { ToolCall } from '../messages.js';
import type {
  AnyTool,
  ApprovalRequest,
  Approver,
  CallingRun,
  ToolContext,
  ToolEffect,
  ToolResult,
} from '../tool.js';
import type { Usage } from '../usage.js';
import type { Workspace } from '../workspace.js';
import { askHook, hookStopMessage } from './hook-calls.js';
import type { LoopGuard } from './loop-guard.js';
import type { HookContext, RunHooks } from './run-hooks.js';
import { shareCallingRun } from './share-budget.js';
import {
  deniedOutput,
  type PreparedCall,
  prepareCall,
  readDecision,
  skippedOutput,
  type ToolCallOutcome,
} from './tool-call-outcome.js';

export type ExecuteToolCallsOptions = {
  calls: ToolCall[];
  tools: Map<string, AnyTool>;
  workspace: Workspace;
  /** Asked before every call and by tools through their context; undefined allows everything without asking. */
  approve?: Approver;
  /** The run's signal; aborting it aborts running calls and skips the rest. */
  signal: AbortSignal;
  toolTimeoutMs?: number;
  loopGuard: LoopGuard;
  emit: (body: AgentEventBody) => void;
  /** When set, no call runs: each is answered `skipped` with this reason. */
  skipReason?: string;
  /** Counts a subagent turn's usage and cost into the run's (from the `turn-end` events tools forward). */
  addSubagentUsage?: (usage: Usage, cost: number) => void;
  /** The run's hooks (`beforeToolCall` before approval, `afterToolCall` after a call ran) and their context. */
  hooks?: { hooks: RunHooks; context: HookContext };
  /** What the run hands on to runs its tools start (`ToolContext.callingRun`; its `stop` is added here). */
  callingRun?: Omit<CallingRun, 'stop'>;
};

/**
 * Gives every call exactly one result, returned in call order. Consecutive read calls run concurrently; any other
 * call runs alone, in order. Each call is approved (with the tool's own description) right before it runs.
 */
export async function executeToolCalls(
  options: ExecuteToolCallsOptions,
): Promise<{ outcomes: ToolCallOutcome[]; loopStopped: boolean; hookStop?: string }> {
  let loopStopped = false;
  // Set when a hook asks to end the run: the reply's later calls are skipped.
  const halt: Halt = {};
  const prepared: PreparedCall[] = options.calls.map((call) => {
    if (options.skipReason !== undefined || loopStopped) {
      const reason = options.skipReason ?? 'the same call was repeated too often';
      return { kind: 'answered', outcome: skipped(call, options.tools, reason) };
    }
    const verdict = options.loopGuard.check(call.name, call.arguments);
    if (verdict === 'stop') loopStopped = true;
    return prepareCall(call, options.tools, verdict, options.loopGuard.pattern);
  });
  const outcomes: ToolCallOutcome[] = [];
  let index = 0;
  while (index < prepared.length) {
    const batch = [prepared[index] as PreparedCall];
    const first = batch[0] as PreparedCall;
    if (first.kind === 'run' && callEffect(first) === 'read') {
      while (true) {
        const next = prepared[index + batch.length];
        if (next?.kind !== 'run' || callEffect(next) !== 'read') break;
        batch.push(next);
      }
    }
    index += batch.length;
    const approved: PreparedCall[] = [];
    for (const entry of batch) {
      const hooked = await hookBeforeCall(entry, options, halt);
      // No approval is asked for a call that will not run.
      approved.push(halt.stop === undefined ? await approveCall(hooked, options) : hooked);
    }
    // A hook that ended the run (in this batch or an earlier one) stops every call not yet started.
    const ready = approved.map((entry) => haltedOrReady(entry, options, halt));
    outcomes.push(
      ...(await Promise.all(
        ready.map((entry) => runCall(entry, withSharedBudgets(entry, ready, options), halt)),
      )),
    );
  }
  return { outcomes, loopStopped, ...(halt.stop === undefined ? {} : { hookStop: halt.stop }) };
}

/**
 * Calls of the same tool that run at the same time (subagents of one reply) split what is left of the run's token and
 * cost budgets among them (`shareCallingRun`).
 */
function withSharedBudgets(
  entry: PreparedCall,
  batch: PreparedCall[],
  options: ExecuteToolCallsOptions,
): ExecuteToolCallsOptions {
  if (entry.kind !== 'run' || options.callingRun === undefined) return options;
  const callers = batch.filter((other) => other.kind === 'run' && other.call.name === entry.call.name).length;
  return callers <= 1 ? options : { ...options, callingRun: shareCallingRun(options.callingRun, callers) };
}

/** Why a hook ended the run (the first one that did), for the user. */
type Halt = { stop?: string };

function haltedOrReady(entry: PreparedCall, options: ExecuteToolCallsOptions, halt: Halt): PreparedCall {
  if (entry.kind !== 'run' || halt.stop === undefined) return entry;
  return { kind: 'answered', outcome: skipped(entry.call, options.tools, 'a hook ended the run') };
}

/** A call's own effect: the tool's `effectOf(input)` when it has one (a failing one counts as a write). */
function callEffect(entry: Extract<PreparedCall, { kind: 'run' }>): ToolEffect {
  if (entry.tool.effectOf === undefined) return entry.tool.effect;
  try {
    return entry.tool.effectOf(entry.input);
  } catch {
    return 'write';
  }
}

function skipped(call: ToolCall, tools: Map<string, AnyTool>, reason: string): ToolCallOutcome {
  const outcome: ToolCallOutcome = {
    call,
    status: 'skipped',
    result: { output: skippedOutput(reason), isError: true },
    input: call.arguments,
  };
  const effect = tools.get(call.name)?.effect;
  if (effect !== undefined) outcome.effect = effect;
  return outcome;
}

/**
 * The `beforeToolCall` hook: it may answer the call (blocked, with its reason as an error the model reads) or
 * replace the input, which must fit the tool's schema again.
 */
async function hookBeforeCall(
  entry: PreparedCall,
  options: ExecuteToolCallsOptions,
  halt: Halt,
): Promise<PreparedCall> {
  const before = options.hooks?.hooks.beforeToolCall;
  if (entry.kind !== 'run' || before === undefined || options.signal.aborted || halt.stop !== undefined)
    return entry;
  const { call, tool } = entry;
  const verdict = await askHook(() =>
    before({ callId: call.id, name: call.name, input: entry.input }, options.hooks!.context),
  );
  const answer = (status: 'denied' | 'invalid-input', output: string, input: unknown): PreparedCall => ({
    kind: 'answered',
    outcome: { call, status, result: { output, isError: true }, effect: tool.effect, input },
  });
  if (verdict?.stop !== undefined) {
    halt.stop ??= hookStopMessage('A pre_tool_use hook', verdict.stop);
    return answer('denied', 'Not run: a pre_tool_use hook the user configured ended the run.', entry.input);
  }
  if (verdict?.block !== undefined) {
    const output = `Blocked by a pre_tool_use hook (an automated check the user configured, not a failure of ${call.name}): ${verdict.block}`;
    return answer('denied', output, entry.input);
  }
  if (verdict?.input === undefined) return entry;
  const check = tool.parse(verdict.input);
  if (!check.ok) {
    const output = `A pre_tool_use hook rewrote the arguments of ${call.name}, and they do not fit its schema: ${check.message}`;
    return answer('invalid-input', output, verdict.input);
  }
  return { ...entry, input: check.value };
}

/** The `afterToolCall` hook, for calls that ran: what it adds is appended to the result the model reads. */
async function hookAfterCall(
  outcome: ToolCallOutcome,
  options: ExecuteToolCallsOptions,
  halt: Halt,
): Promise<ToolCallOutcome> {
  const after = options.hooks?.hooks.afterToolCall;
  if (after === undefined || (outcome.status !== 'ok' && outcome.status !== 'error')) return outcome;
  const { call, input, result, status } = outcome;
  const verdict = await askHook(() =>
    after({ callId: call.id, name: call.name, input, result, status }, options.hooks!.context),
  );
  if (verdict?.stop !== undefined) halt.stop ??= hookStopMessage('A post_tool_use hook', verdict.stop);
  if (!verdict?.context) return outcome;
  return { ...outcome, result: { ...result, output: `${result.output}\n\n${verdict.context}` } };
}

/** Asks the approver; a denial (or an approver that throws) answers the call. */
async function approveCall(entry: PreparedCall, options: ExecuteToolCallsOptions): Promise<PreparedCall> {
  if (entry.kind !== 'run') return entry;
  const { call, tool, input } = entry;
  if (options.signal.aborted)
    return { kind: 'answered', outcome: skipped(call, options.tools, 'the run was aborted') };
  // Without an approver every call is allowed: no description to build, no approval to race against an abort.
  const approve = options.approve;
  if (approve === undefined) return entry;
  let description: { title: string; detail?: string } = { title: `${tool.name} ${call.arguments}` };
  try {
    if (tool.describe) description = await tool.describe(input, { workspace: options.workspace });
  } catch {
    // A failing description must not block the call; the fallback names tool and input.
  }
  const request: ApprovalRequest = { toolName: tool.name, effect: callEffect(entry), ...description, input };
  let decision: { allowed: boolean; reason?: string } | 'aborted';
  const aborted = whenAborted(options.signal);
  try {
    // An approval prompt still open when the run is aborted must not keep the run alive.
    decision = await Promise.race([approve(request).then(readDecision), aborted.promise]);
  } catch (error) {
    decision = { allowed: false, reason: `approval failed (${toErrorData(error).message})` };
  } finally {
    aborted.dispose();
  }
  if (decision === 'aborted')
    return { kind: 'answered', outcome: skipped(call, options.tools, 'the run was aborted') };
  if (decision.allowed) return entry;
  const result = { output: deniedOutput(tool.name, decision.reason), isError: true };
  return { kind: 'answered', outcome: { call, status: 'denied', result, effect: tool.effect, input } };
}

async function runCall(
  entry: PreparedCall,
  options: ExecuteToolCallsOptions,
  halt: Halt,
): Promise<ToolCallOutcome> {
  const started = Date.now();
  const { emit } = options;
  const input = entry.kind === 'run' ? entry.input : entry.outcome.input;
  const call = entry.kind === 'run' ? entry.call : entry.outcome.call;
  emit({ type: 'tool-exec-start', callId: call.id, name: call.name, input });
  const outcome =
    entry.kind === 'run'
      ? await hookAfterCall(await invoke(entry, options, halt), options, halt)
      : entry.outcome;
  emit({
    type: 'tool-exec-end',
    callId: call.id,
    name: call.name,
    status: outcome.status,
    result: outcome.result,
    durationMs: Date.now() - started,
  });
  return outcome;
}

type Settled =
  | { kind: 'result'; result: ToolResult }
  | { kind: 'threw'; error: unknown }
  | { kind: 'stopped' };

/** Runs one tool under a per-call signal that the run signal and the timeout both abort. */
async function invoke(
  entry: Extract<PreparedCall, { kind: 'run' }>,
  options: ExecuteToolCallsOptions,
  halt: Halt,
) {
  const { call, tool, input } = entry;
  const base = { call, effect: tool.effect, input };
  if (options.signal.aborted) return skipped(call, options.tools, 'the run was aborted');
  // The call's signal is made only when the tool reads it (most tools never do, and a signal is costly to make);
  // made late, it is already aborted with the same reason. The call itself stops through `stopped`.
  let controller: AbortController | undefined;
  let stopReason: unknown;
  let stoppedEarly = false;
  const callSignal = () => {
    if (controller === undefined) {
      controller = new AbortController();
      if (stoppedEarly) controller.abort(stopReason);
    }
    return controller.signal;
  };
  // One promise settled by whichever comes first, the tool or a stop (cheaper than racing two).
  let settle: (value: Settled) => void = () => {};
  const settledFirst = new Promise<Settled>((resolve) => {
    settle = resolve;
  });
  const stop = (reason: unknown) => {
    stoppedEarly = true;
    stopReason = reason;
    controller?.abort(reason);
    settle({ kind: 'stopped' });
  };
  const onRunAbort = () => stop(options.signal.reason);
  options.signal.addEventListener('abort', onRunAbort, { once: true });
  const timeoutMs = tool.timeoutMs ?? options.toolTimeoutMs;
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop(new Error('timeout'));
        }, timeoutMs);
  let deniedReason: string | undefined;
  let denied = false;
  let answered = false;
  const context: ToolContext = {
    workspace: options.workspace,
    get signal() {
      return callSignal();
    },
    callId: call.id,
    approve: async (request) => {
      const decision = readDecision(options.approve === undefined ? true : await options.approve(request));
      if (!decision.allowed) {
        denied = true;
        deniedReason = decision.reason;
      }
      return decision.allowed;
    },
    progress: (message) =>
      options.emit({ type: 'tool-exec-progress', callId: call.id, name: call.name, message }),
    calls: options.calls,
    get tools() {
      return [...options.tools.values()];
    },
    emitSubagentEvent: (agent, event) => {
      // After the call's result, the run may have moved on (or ended): late events of a stopped subagent are dropped.
      if (answered) return;
      options.emit({ type: 'subagent-event', parentCallId: call.id, agent, event });
      if (event.type === 'turn-end') options.addSubagentUsage?.(event.usage, event.cost);
    },
    ...(options.callingRun === undefined
      ? {}
      : {
          callingRun: {
            ...options.callingRun,
            stop: (message: string) => {
              halt.stop ??= message;
            },
          },
        }),
  };
  // The tool may ignore its signal; the call still ends when the signal fires.
  Promise.resolve()
    .then(() => tool.run(input, context))
    .then(
      (result) => settle({ kind: 'result', result }),
      (error) => settle({ kind: 'threw', error }),
    );
  const settled = await settledFirst;
  answered = true;
  if (timer !== undefined) clearTimeout(timer);
  options.signal.removeEventListener('abort', onRunAbort);
  if (settled.kind === 'stopped') {
    const output = timedOut
      ? `${call.name} timed out after ${timeoutMs} ms and was stopped.`
      : `${call.name} was stopped because the run was aborted.`;
    return { ...base, status: timedOut ? 'timeout' : 'aborted', result: { output, isError: true } } as const;
  }
  if (denied) {
    const output = settled.kind === 'result' ? settled.result.output : deniedOutput(call.name, deniedReason);
    return { ...base, status: 'denied', result: { output, isError: true } } as const;
  }
  if (settled.kind === 'threw') {
    const output = `${call.name} failed: ${toErrorData(settled.error).message}`;
    return { ...base, status: 'threw', result: { output, isError: true } } as const;
  }
  const result = settled.result;
  if (typeof result?.output !== 'string') {
    const output = `${call.name} returned no output text.`;
    return { ...base, status: 'error', result: { output, isError: true } } as const;
  }
  return { ...base, status: result.isError ? 'error' : 'ok', result } as const;
}

/** Resolves when the signal aborts; `dispose` removes the listener (one call per approval must not pile up). */
function whenAborted(signal: AbortSignal): { promise: Promise<'aborted'>; dispose: () => void } {
  let onAbort = () => {};
  const promise = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
