import type { HookReport } from './agent/run-hooks.js';
import type { ErrorData } from './errors.js';
import type { Message } from './messages.js';
import type { ModelEvent } from './model-events.js';
import type { PlanStep } from './plan.js';
import type { ToolResult } from './tool.js';
import type { Usage } from './usage.js';

/**
 * The event stream of one agent run: what `runAgent` yields, what the session journal stores one per line, and
 * what `wright run --json` prints. Plain JSON objects. Every event carries the run id, a sequence number that
 * rises by one per event, and the turn (0 before the first model request).
 *
 * Order: `run-start`, then per turn `turn-start`, the model events of that turn, one `tool-exec-start` /
 * `tool-exec-end` pair per tool call, `turn-end`; `run-end` exactly once, last, also on abort and error.
 * `message` is emitted whenever a message is appended to the history, so folding `message` events (and
 * `compaction-end` replacements) rebuilds the history exactly.
 */
export type AgentEvent = EventEnvelope & AgentEventBody;

export type EventEnvelope = {
  /** Identifies the run (one call of `runAgent`). */
  runId: string;
  /** Identifies the session (stable across resumed runs). */
  sessionId: string;
  /** 0, 1, 2, ... within the run. */
  seq: number;
  /** The model request number within the run, starting at 1; 0 before the first. */
  turn: number;
  /** Milliseconds since the epoch. */
  time: number;
};

/** Why a run stopped. */
export type RunStopReason =
  /** The model answered without tool calls (and the structured output, if asked for, validated). */
  | 'done'
  | 'max-steps'
  | 'token-budget'
  | 'cost-budget'
  | 'time-budget'
  /** The same (or a near-identical) tool call, or two calls taking turns, repeated past the loop guard's limit. */
  | 'loop-detected'
  /** The model thought past the per-request reasoning budget without answering, twice in a row. */
  | 'reasoning-budget'
  | 'aborted'
  /** The model client failed (see `error`). */
  | 'error'
  /** The model stopped with `content-filter`. */
  | 'content-filter'
  /** A structured answer still did not validate after the repair round. */
  | 'invalid-output'
  /** A hook asked to end the run (Claude Code's `continue: false`); `summary` starts with its reason. */
  | 'hook-stopped';

export type ToolExecStatus =
  | 'ok'
  /** The tool ran and reported failure. */
  | 'error'
  /** The model named a tool that does not exist. */
  | 'unknown-tool'
  /** The arguments were not valid JSON, or broke the schema. */
  | 'invalid-input'
  /** Permission was refused. */
  | 'denied'
  /** The tool threw. */
  | 'threw'
  | 'timeout'
  | 'aborted'
  /** Not run because the run stopped first. */
  | 'skipped'
  /** Answered with a loop-guard warning instead of running. */
  | 'loop-warning';

export type AgentEventBody =
  | {
      type: 'run-start';
      model: string;
      provider: string;
      /** Messages the run starts with (the history plus the new user message). */
      messageCount: number;
      /** True when the run continues a stored session. */
      resumed: boolean;
    }
  | { type: 'turn-start'; thinking: boolean }
  /** Model events of this turn, forwarded unchanged apart from the envelope. */
  | ModelEvent
  | {
      type: 'message';
      /** The message appended to the history. */
      message: Message;
    }
  | { type: 'tool-exec-start'; callId: string; name: string; input: unknown }
  | { type: 'tool-exec-progress'; callId: string; name: string; message: string }
  | {
      type: 'tool-exec-end';
      callId: string;
      name: string;
      status: ToolExecStatus;
      result: ToolResult;
      durationMs: number;
    }
  | {
      type: 'turn-end';
      /** Usage of this turn's model request(s). */
      usage: Usage;
      /** Share of this turn's input tokens served from cache, 0..1. */
      cacheHitRate: number;
      /** Estimated tokens in the context after this turn. */
      contextTokens: number;
      /** Cost of this turn in the price table's currency (0 when the model has no price). */
      cost: number;
    }
  | {
      type: 'compaction-start';
      stage: 'tool-outputs' | 'summary';
      contextTokens: number;
    }
  | {
      type: 'compaction-end';
      stage: 'tool-outputs' | 'summary';
      contextTokens: number;
      /** The whole history after compaction; it replaces the history folded so far. */
      messages: Message[];
    }
  | { type: 'note'; level: 'info' | 'warning'; message: string }
  /** A hook ran (see `RunHooks`): which, for which call, and what came of it. */
  | ({ type: 'hook-run' } & HookReport)
  | {
      /**
       * The model's plan changed: a tool (`update_plan`) returned a `plan` display. Right after that call's
       * `tool-exec-end`; the whole plan, replacing the previous one.
       */
      type: 'plan';
      /** The call that set the plan. */
      callId: string;
      /** Why the plan changed, when the model said so. */
      explanation?: string;
      /** Every step, in order; at most one `in_progress`. */
      plan: PlanStep[];
    }
  | {
      type: 'subagent-event';
      /** The `task` call (of this run) that started the subagent; between its `tool-exec-start` and `-end`. */
      parentCallId: string;
      /** The subagent's definition name (`general` for the default one). */
      agent: string;
      /** The subagent's own event, unchanged: its own run id, sequence and turn (nested again one level deeper). */
      event: AgentEvent;
    }
  | {
      type: 'run-end';
      reason: RunStopReason;
      /** Final visible answer (last assistant content). */
      text: string;
      /** Validated structured output, when a schema was given. */
      output?: unknown;
      steps: number;
      usage: Usage;
      cacheHitRate: number;
      cost: number;
      durationMs: number;
      /** A short state summary when the run stopped on a budget, loop or error. */
      summary?: string;
      error?: ErrorData;
    };

export type AgentEventType = AgentEventBody['type'];
