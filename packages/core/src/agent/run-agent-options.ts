import type { z } from 'zod';
import type { AgentEvent, RunStopReason } from '../agent-events.js';
import { type ErrorData, wrightError } from '../errors.js';
import type { Message } from '../messages.js';
import type { ModelClient, ModelRequest } from '../model-client.js';
import type { Plan } from '../plan.js';
import type { SessionJournal } from '../session/journal.js';
import type { AnyTool, Approver } from '../tool.js';
import type { Usage } from '../usage.js';
import type { Workspace } from '../workspace.js';
import type { PriceTable } from './prices.js';
import type { RunHooks } from './run-hooks.js';
import type { ThinkingPolicy } from './thinking-policy.js';

/** When and how the history is compacted before it overflows the context window. */
export type CompactionOptions = {
  /** Default true. */
  enabled?: boolean;
  /** Compact when the next request would exceed this share of the context window, 0..1; default 0.8. */
  threshold?: number;
  /** Whole turns (an assistant message with its tool results) kept untouched at the end; default 3. */
  keepRecentTurns?: number;
  /** Tool outputs shorter than this many characters are never stubbed; default 200. */
  minToolOutputChars?: number;
};

export type RunAgentOptions = {
  /** The model provider (e.g. `createGlmClient(...)`). */
  model: ModelClient;
  /** Tools the model may call; their specs are sent byte-identical on every request. */
  tools?: AnyTool[];
  /** The files the run works on, passed to every tool. */
  workspace: Workspace;
  /** System prompt of a new history; ignored when `messages` is given (a continued history keeps its own bytes). */
  system?: string;
  /** Prior history (e.g. from `loadSession`), sent back unchanged, reasoning included. */
  messages?: Message[];
  /**
   * The current plan of a continued history (`loadSession(...).plan`, or a previous run's `result.plan`): what
   * compaction re-injects if it drops the `update_plan` call that set it.
   */
  plan?: Plan;
  /** The new user message appended to `messages`. */
  prompt?: string;
  /** Default: a random id. */
  sessionId?: string;
  /** Receives every event; flushed to disk at each turn boundary. */
  journal?: SessionJournal;
  /** Turn-level thinking; default `'on'`. */
  thinking?: ThinkingPolicy;
  /** Sent as `thinking.clear_thinking`; default false (earlier reasoning is retained). */
  clearThinking?: boolean;
  /** Maximum tool-loop steps (model requests); default 50. */
  maxSteps?: number;
  /** Budget for input tokens over the whole run. */
  maxInputTokens?: number;
  /** Budget for output tokens over the whole run. */
  maxOutputTokens?: number;
  /** Budget for input plus output tokens over the whole run. */
  maxTotalTokens?: number;
  /** Budget in US dollars, priced with `prices`. */
  maxCostUsd?: number;
  /** Wall-clock budget in milliseconds. */
  maxDurationMs?: number;
  /** Merged over the default price table (USD per 1M tokens). */
  prices?: PriceTable;
  /** Context window in tokens; default from the model id (glm-4.7: 200,000). */
  contextWindow?: number;
  /** Compaction settings; compaction is on by default. */
  compaction?: CompactionOptions;
  /** When a budget stops the run, spend one tool-less request asking the model for a state summary. */
  summarizeOnBudget?: boolean;
  /**
   * Loop guard: the `repeats`-th identical or near-identical call in a row, or the call completing the `repeats`-th
   * round of two calls taking turns (A, B, A, B, …), gets a warning (integer >= 2, default 3); one more stops the
   * run with `loop-detected`.
   */
  loopGuard?: { repeats?: number };
  /**
   * Per-request reasoning budget in characters: a request that streams more reasoning than this before any answer
   * text or tool call is cut off and asked again with thinking off; a second overrun in a row stops the run with
   * `reasoning-budget`. Default 160000 (roughly 40k–50k tokens).
   */
  maxReasoningChars?: number;
  /**
   * Longest wait for a usage limit (code 1308) to reset at the time its message states. Default: what is left of
   * `maxDurationMs`, or one hour without a time budget. A later reset stops the run, naming the time.
   */
  maxQuotaWaitMs?: number;
  /** Schema of a structured final answer (JSON, validated, one repair round). */
  outputSchema?: z.ZodType;
  /** Asked before every tool call and by tools through their context; default: allow everything. */
  approve?: Approver;
  /** Per-call timeout in milliseconds for tools without their own `timeoutMs`. */
  toolTimeoutMs?: number;
  /** Points where the application may block, rewrite or add context (e.g. user hooks); see `RunHooks`. */
  hooks?: RunHooks;
  /** Cancels the run; the run ends with reason `aborted`. */
  signal?: AbortSignal;
  /** Sampling settings passed on every request. */
  modelOptions?: Pick<ModelRequest, 'maxTokens' | 'temperature' | 'topP' | 'doSample'>;
};

/** What a run ends with (also carried by its `run-end` event). */
export type RunResult = {
  /** Why the run stopped. */
  reason: RunStopReason;
  /** The last assistant answer's visible text. */
  text: string;
  /** The validated structured answer, when `outputSchema` was given and it validated. */
  output?: unknown;
  /** The whole history after the run (what a continuation sends back). */
  messages: Message[];
  /** Tool-loop steps (model requests, compaction requests excluded). */
  steps: number;
  /** Token usage of every request of the run, compaction and summary requests included. */
  usage: Usage;
  /** Cost in US dollars. */
  cost: number;
  /** Share of input tokens served from cache over the run, 0..1. */
  cacheHitRate: number;
  /** Wall-clock milliseconds from `runAgent` to the end. */
  durationMs: number;
  /** A short state summary when the run stopped on a budget, loop or error. */
  summary?: string;
  /** What failed, when the run ended on an error, a blocked reply or an invalid structured answer. */
  error?: ErrorData;
  /** The session the run belongs to (`sessionId` option, or a random id). */
  sessionId: string;
  /** The model's plan at the end of the run (the last `plan` event, or the `plan` option), if it has one. */
  plan?: Plan;
};

/** The events of a run as they happen, plus its result. Events are buffered: iterating is optional. */
export type AgentRun = AsyncIterable<AgentEvent> & { result: Promise<RunResult> };

/** Throws `invalid-options` for options no run could use. */
export function validateRunAgentOptions(options: RunAgentOptions): void {
  const fail = (message: string) => {
    throw wrightError('invalid-options', `runAgent: ${message}`);
  };
  if (typeof options?.model?.stream !== 'function') fail('`model` must be a ModelClient');
  if (typeof options.workspace?.applyChanges !== 'function') fail('`workspace` must be a Workspace');
  if (options.prompt === undefined && (options.messages ?? []).length === 0) {
    fail('give a `prompt` or prior `messages`');
  }
  const names = new Set<string>();
  for (const tool of options.tools ?? []) {
    if (names.has(tool.name)) fail(`two tools are named "${tool.name}"`);
    names.add(tool.name);
  }
  const positive: (keyof RunAgentOptions)[] = [
    'maxSteps',
    'maxInputTokens',
    'maxOutputTokens',
    'maxTotalTokens',
    'maxCostUsd',
    'maxDurationMs',
    'contextWindow',
    'toolTimeoutMs',
    'maxReasoningChars',
  ];
  for (const key of positive) {
    const value = options[key];
    if (value !== undefined && !(typeof value === 'number' && value > 0)) fail(`\`${key}\` must be > 0`);
  }
  const quotaWait = options.maxQuotaWaitMs;
  if (quotaWait !== undefined && !(typeof quotaWait === 'number' && quotaWait >= 0))
    fail('`maxQuotaWaitMs` must be >= 0');
  const repeats = options.loopGuard?.repeats;
  if (repeats !== undefined && !(Number.isInteger(repeats) && repeats >= 2)) {
    fail('`loopGuard.repeats` must be an integer >= 2');
  }
  const threshold = options.compaction?.threshold;
  if (threshold !== undefined && !(threshold > 0 && threshold <= 1))
    fail('`compaction.threshold` must be in (0, 1]');
  const thinking = options.thinking;
  if (thinking !== undefined && typeof thinking !== 'function' && !['on', 'off', 'auto'].includes(thinking)) {
    fail("`thinking` must be 'on', 'off', 'auto' or a function");
  }
}
