import type { ToolExecStatus } from '../agent-events.js';
import type { ToolCall } from '../messages.js';
import type { AnyTool, ApprovalDecision, ToolEffect, ToolResult } from '../tool.js';
import { coerceToSchema } from './coerce-to-schema.js';
import type { LoopPattern, LoopVerdict } from './loop-guard.js';

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
export function prepareCall(
  call: ToolCall,
  tools: Map<string, AnyTool>,
  verdict: LoopVerdict,
  pattern?: LoopPattern,
): PreparedCall {
  const tool = tools.get(call.name);
  const answer = (status: ToolExecStatus, output: string, input: unknown = call.arguments): PreparedCall => {
    const outcome: ToolCallOutcome = { call, status, result: { output, isError: true }, input };
    if (tool !== undefined) outcome.effect = tool.effect;
    return { kind: 'answered', outcome };
  };
  if (verdict === 'warn') {
    if (pattern?.kind === 'alternating') {
      const [first, second] = pattern.names;
      return answer(
        'loop-warning',
        `Not run: you have been alternating between the same two calls (${first} and ${second}) with the same ` +
          'arguments, and their results will not change. Try a different approach, or give your answer. ' +
          'Continuing the alternation stops the run.',
      );
    }
    const how =
      pattern?.kind === 'near-repeat' ? 'with nearly the same arguments' : 'with these same arguments';
    return answer(
      'loop-warning',
      `Not run: you called ${call.name} ${how} several times in a row, and the result will not ` +
        'change. Try a different approach, or give your answer. Repeating this call again stops the run.',
    );
  }
  if (verdict === 'stop') return answer('skipped', skippedOutput('the same call was repeated too often'));
  if (tool === undefined) return answer('unknown-tool', unknownToolOutput(call.name, [...tools.keys()]));
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
  let check = tool.parse(raw);
  if (!check.ok) {
    // Servers lose types in transit ("5" for 5, JSON text for an array): convert where the schema is certain.
    const coerced = coerceToSchema(raw, tool.parameters);
    if (coerced !== raw) {
      check = tool.parse(coerced);
      raw = coerced;
    }
  }
  if (!check.ok) {
    return answer(
      'invalid-input',
      `The arguments for ${call.name} do not fit its schema: ${check.message}`,
      raw,
    );
  }
  return { kind: 'run', call, tool, input: check.value };
}

/**
 * The answer to a call of a tool that does not exist: the real names, and a likely meant one when the name is a
 * real one with GLM's tool-call markup stuck to it (`read_file<arg_key>path`).
 */
export function unknownToolOutput(name: string, names: string[]): string {
  const available = names.join(', ') || 'none';
  const markup = name.indexOf('<');
  const stem = (markup >= 0 ? name.slice(0, markup) : name).trim();
  const meant =
    stem === ''
      ? undefined
      : (names.find((real) => real === stem) ?? names.find((real) => real.startsWith(stem)));
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  const polluted = markup >= 0 ? ' The name has tool-call markup in it; send the name alone.' : '';
  const guess = meant === undefined ? '' : ` Did you mean ${meant}?`;
  return `There is no tool named ${shown}.${polluted}${guess} Available tools: ${available}.`;
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
