import type { ToolExecStatus } from '../agent-events.js';
import type { ToolCall } from '../messages.js';
import type { AnyTool, ApprovalDecision, ToolEffect, ToolResult } from '../tool.js';
import type { LoopVerdict } from './loop-guard.js';

/** The one result a tool call got. */
export type ToolCallOutcome = {
  call: ToolCall;
  status: ToolExecStatus;
  result: ToolResult;
  /** The tool's effect, when the tool exists. */
  effect?: ToolEffect;
  /** The parsed input (or the raw argument text when it did not parse). */
  input: unknown;
};

/** A call checked before running: either ready to run, or already answered. */
export type PreparedCall =
  | { kind: 'run'; call: ToolCall; tool: AnyTool; input: unknown }
  | { kind: 'answered'; outcome: ToolCallOutcome };

/**
 * Checks one call in call order: loop guard, unknown tool, invalid JSON, schema. An empty argument string counts as
 * `{}` (GLM sends it for tools without parameters).
 */
export function prepareCall(call: ToolCall, tools: Map<string, AnyTool>, verdict: LoopVerdict): PreparedCall {
  const tool = tools.get(call.name);
  const answer = (status: ToolExecStatus, output: string, input: unknown = call.arguments): PreparedCall => {
    const outcome: ToolCallOutcome = { call, status, result: { output, isError: true }, input };
    if (tool !== undefined) outcome.effect = tool.effect;
    return { kind: 'answered', outcome };
  };
  if (verdict === 'warn') {
    return answer(
      'loop-warning',
      `Not run: you called ${call.name} with these same arguments several times in a row, and the result will not ` +
        'change. Try a different approach, or give your answer. Repeating this call again stops the run.',
    );
  }
  if (verdict === 'stop') return answer('skipped', skippedOutput('the same call was repeated too often'));
  if (tool === undefined) {
    const names = [...tools.keys()].join(', ') || 'none';
    return answer('unknown-tool', `There is no tool named "${call.name}". Available tools: ${names}.`);
  }
  let raw: unknown;
  try {
    raw = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return answer(
      'invalid-input',
      `The arguments for ${call.name} are not valid JSON (${reason}). Send them again as one JSON object.`,
    );
  }
  const check = tool.parse(raw);
  if (!check.ok) {
    return answer(
      'invalid-input',
      `The arguments for ${call.name} do not fit its schema: ${check.message}`,
      raw,
    );
  }
  return { kind: 'run', call, tool, input: check.value };
}

/** Output of a call that never ran because the run stopped first. */
export function skippedOutput(reason: string): string {
  return `Not run: ${reason}; the run stopped before this call.`;
}

/** Normalises an approval decision. */
export function readDecision(decision: ApprovalDecision): { allowed: boolean; reason?: string } {
  if (typeof decision === 'boolean') return { allowed: decision };
  return decision.reason === undefined ? { allowed: decision.allowed } : decision;
}

/** Text the model reads for a denied call. */
export function deniedOutput(name: string, reason: string | undefined): string {
  return `The user did not allow this ${name} call${reason ? `: ${reason}` : '.'} Do not retry it unchanged.`;
}
