import type { ToolExecStatus } from '../agent-events.js';
import type { ToolResult } from '../tool.js';

/**
 * One run of a hook, reported as a `hook-run` event. Hooks are the application's (e.g. user-configured commands in
 * `@wright/agent`); the loop only reports what they tell it.
 */
export type HookReport = {
  /** The hook event: `session_start`, `user_prompt_submit`, `pre_tool_use`, `post_tool_use` or `stop`. */
  event: string;
  /** What ran (a command line). */
  command: string;
  /**
   * `ok`, `blocked` (it blocked the call, prompt or stop), `stopped` (it ended the run), `error` (a non-blocking
   * failure) or `timeout` (killed).
   */
  outcome: 'ok' | 'blocked' | 'stopped' | 'error' | 'timeout';
  /** Exit code; null when killed or not started. */
  exitCode: number | null;
  /** Wall-clock milliseconds. */
  durationMs: number;
  /** The tool call it ran for (tool events). */
  callId?: string;
  /** The tool it ran for (tool events). */
  toolName?: string;
  /** A reason, error text or message for the user, one paragraph at most. */
  message?: string;
};

/** What every hook function gets besides its event's data. */
export type HookContext = {
  /** The session id. */
  sessionId: string;
  /** The workspace root the run works in. */
  cwd: string;
  /** The run's signal. */
  signal: AbortSignal;
  /** Reports one hook run (emitted as a `hook-run` event). */
  report(report: HookReport): void;
};

/**
 * Points in the loop where the application may look at or change what happens. Every function may be absent;
 * each one's failure is its own business (it should report it and return undefined: a throw is treated so too).
 * Every answer may carry `stop` (Claude Code's `continue: false`): the run ends with reason `hook-stopped` once
 * the current step is answered, its `summary` starting with the text (meant for the user, not for the model).
 */
export type RunHooks = {
  /**
   * Before the first request of the run. `block` ends the run at once (reason `error`, the text in the error);
   * `context` is added to the run's new user message (after the prompt), or, without a prompt, as a system note.
   */
  runStart?(
    start: { prompt?: string; resumed: boolean },
    context: HookContext,
  ): Promise<{ block?: string; context?: string; stop?: string } | undefined>;
  /**
   * Before a tool call is approved and run (after its input was parsed). `block` answers the call with the reason
   * as an error the model reads; `input` replaces the input (validated against the tool's schema again, then
   * approved as usual). `stop` answers the call without running it, skips the reply's later calls and ends the run.
   */
  beforeToolCall?(
    call: { callId: string; name: string; input: unknown },
    context: HookContext,
  ): Promise<{ block?: string; input?: unknown; stop?: string } | undefined>;
  /**
   * After a tool call ran (status `ok` or `error`). `context` is appended to the result the model reads; `stop`
   * keeps the result, skips the reply's later calls and ends the run.
   */
  afterToolCall?(
    call: { callId: string; name: string; input: unknown; result: ToolResult; status: ToolExecStatus },
    context: HookContext,
  ): Promise<{ context?: string; stop?: string } | undefined>;
  /**
   * When the model answered without tool calls. `continueWith` keeps the run going with that text as a note to the
   * model (`stopHookActive` is true when the last stop was already continued; at most 5 in a row per run). `stop`
   * wins over `continueWith`: the run ends with `hook-stopped` instead of `done`.
   */
  beforeStop?(
    stop: { text: string; stopHookActive: boolean },
    context: HookContext,
  ): Promise<{ continueWith?: string; stop?: string } | undefined>;
};
