import type { HookEvent } from './hooks-config.js';
import type { HookCommandOutcome } from './run-hook-command.js';

/**
 * What one hook run decided, in Claude Code's terms read into Wright's: `stop` (JSON `continue: false`, with its
 * `stopReason`: end the run), `block` (exit code 2 with stderr, or JSON `decision: "block"` /
 * `permissionDecision: "deny"`, with its reason), `input` (a pre_tool_use `updatedInput`), `context`
 * (`additionalContext`, or plain stdout for session_start and user_prompt_submit), or a non-blocking `error` (another
 * exit code, a timeout, output that is not the expected JSON).
 */
export type HookVerdict = {
  /** The reason for the user, when the hook ends the run (`continue: false`); wins over everything else. */
  stop?: string;
  /** The reason, when the hook blocks (the call, the prompt) or sends the model back to work (stop). */
  block?: string;
  /** A replacement tool input (pre_tool_use only). */
  input?: Record<string, unknown>;
  /** Text to add to what the model reads. */
  context?: string;
  /** A non-blocking failure, for the user. */
  error?: string;
  /** A message for the user (`systemMessage`). */
  message?: string;
};

type Json = Record<string, unknown>;

/** Reads a hook run's exit code and output as Claude Code defines them, for `event`. */
export function readHookOutput(event: HookEvent, outcome: HookCommandOutcome): HookVerdict {
  if (outcome.failed !== undefined) return { error: outcome.failed };
  if (outcome.timedOut) return { error: 'it timed out and was killed' };
  const stderr = outcome.stderr.trim();
  if (outcome.exitCode === 2) {
    // Claude Code ignores stdout on exit code 2; stderr is the reason.
    const reason = stderr === '' ? 'a hook blocked it (exit code 2, no reason given)' : stderr;
    return event === 'session_start' ? { error: reason } : { block: reason };
  }
  if (outcome.exitCode !== 0) {
    return { error: `exit code ${outcome.exitCode}${stderr === '' ? '' : `: ${stderr}`}` };
  }
  const stdout = outcome.stdout.trim();
  const json = parseObject(stdout);
  if (json === undefined) {
    // Plain stdout is context only where Claude Code makes it so; elsewhere it is for the transcript.
    const plainContext = event === 'session_start' || event === 'user_prompt_submit';
    return plainContext && stdout !== '' ? { context: stdout } : {};
  }
  return readJson(event, json);
}

function readJson(event: HookEvent, json: Json): HookVerdict {
  const specific = isObject(json.hookSpecificOutput) ? json.hookSpecificOutput : {};
  const verdict: HookVerdict = {};
  if (typeof json.systemMessage === 'string' && json.systemMessage !== '')
    verdict.message = json.systemMessage;
  const context = typeof specific.additionalContext === 'string' ? specific.additionalContext.trim() : '';
  if (context !== '' && event !== 'pre_tool_use' && event !== 'stop') verdict.context = context;
  const reason = stringOf(json.reason);
  if (event === 'pre_tool_use') {
    const permission = specific.permissionDecision;
    if (permission === 'deny')
      verdict.block = stringOf(specific.permissionDecisionReason) ?? reason ?? 'denied by a hook';
    else if (json.decision === 'block') verdict.block = reason ?? 'blocked by a hook';
    if (verdict.block === undefined && isObject(specific.updatedInput)) verdict.input = specific.updatedInput;
  } else if (json.decision === 'block') {
    if (event === 'post_tool_use') {
      // The tool already ran: the reason goes to the model with the result.
      if (reason !== undefined) verdict.context = [verdict.context, reason].filter(Boolean).join('\n');
    } else if (event !== 'session_start') verdict.block = reason ?? 'blocked by a hook';
  }
  // As in Claude Code, `continue: false` ends the run whatever the event, over any block; its reason is the user's.
  if (json.continue === false) return { stop: stringOf(json.stopReason) ?? 'a hook asked to stop' };
  return verdict;
}

function parseObject(text: string): Json | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
