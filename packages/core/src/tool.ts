import type { RunAgentOptions } from './agent/run-agent-options.js';
import type { RunHooks } from './agent/run-hooks.js';
import type { AgentEvent } from './agent-events.js';
import type { ToolCall } from './messages.js';
import type { JsonSchema } from './model-client.js';
import type { PlanStep } from './plan.js';
import type { Workspace } from './workspace.js';

/**
 * What a tool does to the world. Read tools in one turn run concurrently; the others run one at a time, in call
 * order. Approval modes decide by effect too.
 */
export type ToolEffect = 'read' | 'write' | 'execute' | 'network';

/** What a tool returns. The model reads `output`; user interfaces may show `display` instead. */
export type ToolResult = {
  /** Text for the model. */
  output: string;
  /** True when the call failed; the model sees the output as an error it can fix. */
  isError?: boolean;
  /** Structured details for UIs and logs (a diff, a file list, an exit code). JSON-serialisable. */
  display?: ToolDisplay;
};

/** UI-facing details of a tool result; `kind` says how to render it. */
export type ToolDisplay =
  | { kind: 'text'; text: string }
  | { kind: 'diff'; files: { path: string; diff: string; added: number; removed: number }[] }
  | { kind: 'files'; paths: string[]; truncated: boolean }
  | { kind: 'command'; command: string; exitCode: number | null; outputPath?: string; timedOut?: boolean }
  | { kind: 'json'; value: unknown }
  /** The model's new plan (`update_plan`); the loop emits it as a `plan` event and keeps it through compaction. */
  | { kind: 'plan'; explanation?: string; plan: PlanStep[] };

/** A request for approval, shown to the user exactly as it will happen. */
export type ApprovalRequest = {
  toolName: string;
  effect: ToolEffect;
  /** One line: what will run or change. */
  title: string;
  /** Exactly what will run (a command) or change (a diff). */
  detail?: string;
  /** The validated input. */
  input: unknown;
};

/**
 * The answer to an approval request. `false` (or `allowed: false`) denies; the reason is told to the model so it
 * can adapt instead of retrying.
 */
export type ApprovalDecision = boolean | { allowed: boolean; reason?: string };

/**
 * Decides approval requests. The agent loop asks it before every tool call (with the tool's `describe` output);
 * with no one to ask it must answer, never hang.
 */
export type Approver = (request: ApprovalRequest) => Promise<ApprovalDecision>;

/** The per-call context a tool runs in. */
export type ToolContext = {
  /** The workspace every path is resolved in; file changes go through it. */
  workspace: Workspace;
  /** Aborted when the run is cancelled or the call times out. */
  signal: AbortSignal;
  /** The `ToolCall.id` being answered. */
  callId: string;
  /**
   * Asks whether an action may go ahead. Resolves false when denied; never hangs (with no one to ask, the
   * permission policy decides).
   */
  approve(request: ApprovalRequest): Promise<boolean>;
  /** Reports progress (shown in UIs as `tool-exec-progress`). */
  progress(message: string): void;
  /** Every tool call of the reply this call answers, in call order (this one included); set by the agent loop. */
  calls?: readonly ToolCall[];
  /** The run's tools as the loop got them (wrapped by the runner, say); set by the agent loop. */
  tools?: readonly AnyTool[];
  /**
   * Forwards an event of a subagent this call started (the `task` tool). The loop emits it nested in a
   * `subagent-event` carrying this call's id, and adds the usage and cost of the subagent's `turn-end` events to the
   * run's own. Events forwarded after the call has its result are dropped. Set by the agent loop.
   */
  emitSubagentEvent?(agent: string, event: AgentEvent): void;
  /** What the run making this call hands on to a run the tool starts (a subagent); set by the agent loop. */
  callingRun?: CallingRun;
};

/**
 * The settings a run hands on to the runs its tools start (the `task` tool's subagents): its tool timeout, its tool
 * hooks and what is left of its budgets, so a child never outlives or outspends its parent.
 */
export type CallingRun = {
  /** The calling run's session id. */
  sessionId: string;
  /** The calling run's `toolTimeoutMs`, when it has one. */
  toolTimeoutMs?: number;
  /** The calling run's tool hooks (`beforeToolCall`, `afterToolCall`), when it has them. */
  hooks?: Pick<RunHooks, 'beforeToolCall' | 'afterToolCall'>;
  /**
   * What is left of each of the calling run's budgets at this moment. When several calls of the same tool run at
   * the same time, each sees an equal share of what is left of the token and cost budgets, so the runs they start
   * cannot together spend more than the calling run has.
   */
  budgetLeft(): BudgetLeft;
  /**
   * Ends the calling run with reason `hook-stopped` once this call has its result (the reply's calls not yet
   * started are skipped); `message` is the first sentence of its summary. For a hook's `continue: false` inside a
   * subagent, which stops the whole session.
   */
  stop(message: string): void;
};

/**
 * What is left of a run's budgets, in the units of the `runAgent` options of the same names (`maxSteps` counts the
 * run's own model requests still allowed after the current one); a field is absent when the run has no such budget,
 * and 0 or less when it is used up.
 */
export type BudgetLeft = Pick<
  RunAgentOptions,
  'maxSteps' | 'maxInputTokens' | 'maxOutputTokens' | 'maxTotalTokens' | 'maxCostUsd' | 'maxDurationMs'
>;

/** The outcome of checking a tool's input. */
export type InputCheck<Input> = { ok: true; value: Input } | { ok: false; message: string };

/**
 * A tool as the agent loop sees it: plain data plus two functions. Build one with `defineTool` from
 * `@wright/tools`, or by hand.
 */
export interface Tool<Input = unknown> {
  /** `^[a-zA-Z0-9_-]+$`, at most 64 characters. */
  readonly name: string;
  /** Written for the model. */
  readonly description: string;
  readonly effect: ToolEffect;
  /**
   * The effect of one call when it depends on the input (a subagent with write tools writes, one with read tools
   * only reads). Decides that call's scheduling and approval; default `effect`. Must not throw.
   */
  effectOf?(input: Input): ToolEffect;
  /** JSON Schema of the input, computed once. */
  readonly parameters: JsonSchema;
  /** Validates raw input; the message explains a failure in plain words for the model. */
  parse(input: unknown): InputCheck<Input>;
  /**
   * Says exactly what a call will do, for approval prompts and UIs (a command line, a diff). Optional; without it
   * the loop shows the tool name and input.
   */
  describe?(
    input: Input,
    context: Pick<ToolContext, 'workspace'>,
  ): Promise<{ title: string; detail?: string }>;
  /** Runs the tool. A thrown error becomes an error result. */
  run(input: Input, context: ToolContext): Promise<ToolResult>;
  /** Optional per-call timeout in milliseconds (the loop aborts the call's signal after it). */
  readonly timeoutMs?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of tools with heterogeneous inputs
export type AnyTool = Tool<any>;
