import type { CommandDefinition } from '../command-definition.js';
import { modelOptions, sandboxOptions } from './shared-options.js';

export const chatCommand: CommandDefinition = {
  name: 'chat',
  usage: 'chat [options]',
  summary: 'Interactive session in the terminal.',
  details: [
    'Each prompt continues the same session (reasoning is retained). Ctrl-C cancels the current step;',
    'Ctrl-D or /exit leaves. Slash commands: /diff, /undo, /compact, /thinking on|off, /model [id], /cost,',
    '/help, /exit; /<name> [args] runs a custom command (.wright/commands/<name>.md). In auto-edit and',
    'read-only modes, commands and edits that need approval are shown in full and asked about first.',
  ].join('\n'),
  options: {
    ...modelOptions,
    ...sandboxOptions,
    resume: { type: 'string', valueName: '<session-id|last>', description: 'Continue a stored session.' },
    'hide-reasoning': { type: 'boolean', description: 'Do not print the model reasoning.' },
  },
  positionals: { min: 0, max: 0 },
  examples: ['chat', 'chat --approval read-only', 'chat --resume last'],
  async execute(input, context) {
    const { executeChat } = await import('../chat/execute-chat.js');
    return executeChat(input, context);
  },
};
