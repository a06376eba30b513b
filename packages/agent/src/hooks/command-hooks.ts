import type { HookContext, RunHooks, SandboxOptions, SecretPolicy } from '@wright/core';
import { type HookEvent, type HooksConfig, hooksFor } from './hooks-config.js';
import { readHookOutput } from './read-hook-output.js';
import { runHookCommand } from './run-hook-command.js';

/** What `createCommandHooks` takes besides the config. */
export type CommandHooksOptions = {
  /** The sandbox hooks run in (the shell tool's); absent: unconfined. */
  sandbox?: SandboxOptions | undefined;
  /** Which variables are secret: removed from every hook's environment and scrubbed from its output. */
  secrets?: SecretPolicy | undefined;
  /**
   * `session_start`'s source for this task (`startup` for a new session, `resume` for a continued one); absent, the
   * event does not fire (a chat's later messages continue a session already started).
   */
  sessionStart?: 'startup' | 'resume' | undefined;
};

/** Default seconds before a hook is killed, as in Claude Code. */
const defaultTimeoutSeconds = 60;

/**
 * The loop's `RunHooks` for one task, running the configured commands: `session_start` and `user_prompt_submit` at
 * the task's first run start (check rounds are not user prompts), `pre_tool_use` and `post_tool_use` around calls
 * whose tool name the matcher selects, `stop` at each final answer. Hooks of one event run one after another in
 * config order; a block stops the rest, and rewrites of the input chain.
 */
export function createCommandHooks(config: HooksConfig, options: CommandHooksOptions = {}): RunHooks {
  let started = false;
  const run = (
    event: HookEvent,
    name: string | undefined,
    fields: Record<string, unknown>,
    context: HookContext,
    call?: { callId: string; name: string },
  ) => runEvent(config, options, event, name, fields, context, call);
  const hooks: RunHooks = {
    async runStart(start, context) {
      if (started) return undefined;
      started = true;
      const contexts: string[] = [];
      if (options.sessionStart !== undefined) {
        const result = await run(
          'session_start',
          options.sessionStart,
          { source: options.sessionStart },
          context,
        );
        if (result.stop !== undefined) return { stop: result.stop };
        if (result.block !== undefined) return { block: result.block };
        contexts.push(...result.contexts);
      }
      if (start.prompt !== undefined) {
        const result = await run('user_prompt_submit', undefined, { prompt: start.prompt }, context);
        if (result.stop !== undefined) return { stop: result.stop };
        if (result.block !== undefined) return { block: result.block };
        contexts.push(...result.contexts);
      }
      return contexts.length === 0 ? undefined : { context: contexts.join('\n\n') };
    },
    async beforeToolCall(call, context) {
      const result = await run(
        'pre_tool_use',
        call.name,
        { tool_name: call.name, tool_input: call.input, tool_use_id: call.callId },
        context,
        call,
      );
      if (result.stop !== undefined) return { stop: result.stop };
      if (result.block !== undefined) return { block: result.block };
      return result.input === undefined ? undefined : { input: result.input };
    },
    async afterToolCall(call, context) {
      const toolResponse = {
        output: call.result.output,
        isError: call.result.isError === true,
        status: call.status,
      };
      const result = await run(
        'post_tool_use',
        call.name,
        {
          tool_name: call.name,
          tool_input: call.input,
          tool_response: toolResponse,
          tool_use_id: call.callId,
        },
        context,
        call,
      );
      return {
        ...(result.stop === undefined ? {} : { stop: result.stop }),
        ...(result.contexts.length === 0 ? {} : { context: result.contexts.join('\n\n') }),
      };
    },
    async beforeStop(stop, context) {
      const result = await run(
        'stop',
        undefined,
        { stop_hook_active: stop.stopHookActive, last_assistant_message: stop.text },
        context,
      );
      if (result.stop !== undefined) return { stop: result.stop };
      return result.block === undefined ? undefined : { continueWith: result.block };
    },
  };
  // Only the events that have hooks: a run without tool hooks keeps its plain tool path.
  const has = (event: HookEvent) => (config[event] ?? []).length > 0;
  return {
    ...(has('session_start') || has('user_prompt_submit') ? { runStart: hooks.runStart! } : {}),
    ...(has('pre_tool_use') ? { beforeToolCall: hooks.beforeToolCall! } : {}),
    ...(has('post_tool_use') ? { afterToolCall: hooks.afterToolCall! } : {}),
    ...(has('stop') ? { beforeStop: hooks.beforeStop! } : {}),
  };
}

type EventResult = { stop?: string; block?: string; input?: Record<string, unknown>; contexts: string[] };

async function runEvent(
  config: HooksConfig,
  options: CommandHooksOptions,
  event: HookEvent,
  name: string | undefined,
  fields: Record<string, unknown>,
  context: HookContext,
  call?: { callId: string; name: string },
): Promise<EventResult> {
  const result: EventResult = { contexts: [] };
  let input = fields.tool_input;
  for (const hook of hooksFor(config, event, name)) {
    if (context.signal.aborted) break;
    const timeoutMs = (hook.timeout ?? defaultTimeoutSeconds) * 1000;
    const outcome = await runHookCommand({
      command: hook.command,
      input: {
        session_id: context.sessionId,
        cwd: context.cwd,
        hook_event_name: event,
        ...fields,
        ...(input === undefined ? {} : { tool_input: input }),
      },
      cwd: context.cwd,
      timeoutMs,
      sandbox: options.sandbox,
      secrets: options.secrets,
      env: {
        WRIGHT_PROJECT_DIR: context.cwd,
        CLAUDE_PROJECT_DIR: context.cwd,
        WRIGHT_SESSION_ID: context.sessionId,
      },
      signal: context.signal,
    });
    const verdict = readHookOutput(event, outcome);
    const message = verdict.stop ?? verdict.block ?? verdict.error ?? verdict.message;
    context.report({
      event,
      command: hook.command,
      outcome: outcome.timedOut
        ? 'timeout'
        : verdict.stop !== undefined
          ? 'stopped'
          : verdict.block !== undefined
            ? 'blocked'
            : verdict.error
              ? 'error'
              : 'ok',
      exitCode: outcome.exitCode,
      durationMs: outcome.durationMs,
      ...(call === undefined ? {} : { callId: call.callId, toolName: call.name }),
      ...(message === undefined ? {} : { message: message.slice(0, 2000) }),
    });
    if (verdict.context !== undefined) result.contexts.push(`[${event} hook]\n${verdict.context}`);
    if (verdict.input !== undefined) {
      input = verdict.input;
      result.input = verdict.input;
    }
    if (verdict.stop !== undefined) {
      result.stop = verdict.stop;
      break;
    }
    if (verdict.block !== undefined) {
      result.block = verdict.block;
      break;
    }
  }
  return result;
}
