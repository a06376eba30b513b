import type { ScriptedTurn } from '@wright/testing';
import type { AgentDefinition } from '../src/subagents/agent-definition.js';

// The scripted turns and agent definitions the `task` tool tests build their runs from.

const usage = { promptTokens: 100, completionTokens: 10 };

/** A scripted turn of 100 input and 10 output tokens. */
export const turn = (value: ScriptedTurn): ScriptedTurn => ({ ...value, usage });

/** A turn calling these tools. */
export const calls = (...list: { name: string; arguments: Record<string, unknown> }[]) =>
  turn({ toolCalls: list });

/** A turn answering `content`. */
export const answer = (content: string, extra: Partial<ScriptedTurn> = {}) => turn({ content, ...extra });

/** A `task` call with `prompt` (its first words as the description), for `agent` or the default one. */
export const task = (prompt: string, agent?: string) => ({
  name: 'task',
  arguments: { description: prompt.slice(0, 20), prompt, ...(agent === undefined ? {} : { agent }) },
});

/** A definition made in code: `You are <name>.` with these tools (all the read-only ones when undefined). */
export function agent(name: string, tools: AgentDefinition['tools']): AgentDefinition {
  return {
    name,
    description: `the ${name} agent`,
    model: 'inherit',
    prompt: `You are ${name}.`,
    source: '',
    origin: 'options',
    ...(tools === undefined ? {} : { tools }),
  };
}
