import type { ToolExecStatus } from '../agent-events.js';
import type { ToolEffect } from '../tool.js';

/** What a turn-level thinking policy knows about the request it decides for. */
export type TurnInfo = {
  /** The model request number within the run, from 1. */
  turn: number;
  /** Tool-loop steps already taken in this run. */
  step: number;
  /** True for the first request after a new user message (the start of a task). */
  firstOfTask: boolean;
  /** The tool calls of the previous step, in call order (empty on the first step). */
  previousCalls: { name: string; effect?: ToolEffect; status: ToolExecStatus }[];
  /** Estimated tokens in the context this request sends. */
  contextTokens: number;
};

/** Turn-level thinking: always, never, a built-in heuristic, or your own function. */
export type ThinkingPolicy = 'on' | 'off' | 'auto' | ((turn: TurnInfo) => boolean);

/**
 * Decides whether a request thinks. `auto` thinks when it matters: at the start of a task, after any failed tool
 * call, and after steps that changed or ran something; it skips thinking only right after a step whose calls were
 * all successful reads (the cheap "look, then act" steps).
 */
export function decideThinking(policy: ThinkingPolicy | undefined, turn: TurnInfo): boolean {
  if (policy === undefined || policy === 'on') return true;
  if (policy === 'off') return false;
  if (typeof policy === 'function') return policy(turn);
  if (turn.firstOfTask || turn.previousCalls.length === 0) return true;
  return !turn.previousCalls.every((call) => call.status === 'ok' && call.effect === 'read');
}
