import type { AgentDefinition } from './agent-definition.js';

/** The built-in default agent: the parent's read-only tools, a prompt for investigating and reporting. */
export const generalAgent: AgentDefinition = {
  name: 'general',
  description:
    'Read-only investigator: searches and reads the code to answer a question or gather what a change needs.',
  model: 'inherit',
  prompt: [
    'You are a subagent of a coding agent. You were given one self-contained task; work on it with your tools',
    'and then answer. Search broadly (glob, grep) before reading, read only what you need, and do not guess: say',
    'what you checked. You cannot change files unless your tools allow it.',
  ].join('\n'),
  source: '',
  origin: 'options',
};

/** Appended to every subagent's system prompt. */
export const subagentFooter = [
  'Your final answer is all the agent that started you will see: nothing else of your work reaches it. Make the',
  'answer complete and self-contained (file paths with line numbers, names, the facts found), and short. You',
  'cannot ask questions; if something blocks you, say what and why in the answer.',
].join('\n');

/**
 * The `task` tool's description: what it is for, then every agent as `name: description`, sorted by name. It is
 * built once per tool from the loaded definitions, so the request prefix stays byte-stable within a session.
 */
export function describeTaskTool(definitions: readonly AgentDefinition[], maxPerTurn: number): string {
  const lines = [
    'Delegates a self-contained subtask to a subagent: a fresh context with its own tools and budget. Only its',
    'final answer comes back, so what it reads does not fill your context. Use it for broad searches and',
    'investigations that need many reads, or for independent pieces of work. The subagent sees nothing of this',
    'conversation: write a complete prompt and say what the answer must contain. Several task calls in one reply',
    `run at the same time when their agents only read (at most ${maxPerTurn} per reply). Do not delegate what one or`,
    'two reads would answer.',
    '',
    'Agents (pass the name as `agent`):',
    ...definitions.map((definition) => `- ${definition.name}: ${definition.description}`),
  ];
  return lines.join('\n');
}
