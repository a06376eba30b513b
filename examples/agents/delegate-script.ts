import type { ScriptedConversation, ScriptedTurn } from '@wright/testing';

// What GLM-4.7 might answer, scripted: the parent sends two `task` calls in one reply, so both subagents run at the
// same time; each subagent has a conversation of its own, told apart by the prompt the parent wrote for it.
const usage = { promptTokens: 800, completionTokens: 40 };

export const parentTurns: ScriptedTurn[] = [
  {
    reasoning: 'Two lookups that do not depend on each other: delegate both.',
    toolCalls: [
      {
        name: 'task',
        arguments: {
          description: 'find slugify',
          agent: 'code-finder',
          prompt: 'Where is slugify defined, and who calls it?',
        },
      },
      {
        name: 'task',
        arguments: {
          description: 'find slugify tests',
          agent: 'test-finder',
          prompt: 'Which tests cover slugify, and how are they run?',
        },
      },
    ],
    usage,
  },
  {
    toolCalls: [
      {
        name: 'edit_file',
        arguments: {
          path: 'src/slugify.js',
          old_string: '.replace(/[^a-z0-9]/g, "-")',
          new_string: '.replace(/[^a-z0-9]+/g, "-")',
        },
      },
    ],
    usage,
  },
  { content: 'slugify now collapses repeated dashes; test/slugify.test.js covers it (node --test).', usage },
];

export const subagentConversations: ScriptedConversation[] = [
  {
    match: 'Where is slugify defined',
    turns: [
      { toolCalls: [{ name: 'grep', arguments: { pattern: 'slugify' } }], usage },
      { content: 'Defined in src/slugify.js:1; re-exported by src/index.js:1.', usage },
    ],
  },
  {
    match: 'Which tests cover slugify',
    turns: [
      { toolCalls: [{ name: 'glob', arguments: { pattern: 'test/**/*.js' } }], usage },
      { content: 'test/slugify.test.js:5, run with node --test.', usage },
    ],
  },
];
