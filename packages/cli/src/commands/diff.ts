import type { CommandDefinition } from '../command-definition.js';

export const diffCommand: CommandDefinition = {
  name: 'diff',
  usage: 'diff [<session>] [--cwd <dir>] [--from <step>] [--to <step>]',
  summary: 'Show the changes a session made.',
  details: [
    'Without a session, shows the most recent one: its changes from its start to the current files.',
    '--from/--to compare two step checkpoints (step 0 is the session start).',
  ].join('\n'),
  options: {
    cwd: { type: 'string', valueName: '<dir>', description: 'A directory of the project (default: .).' },
    from: {
      type: 'string',
      valueName: '<step>',
      description: 'Start at this step (default: the session start).',
    },
    to: {
      type: 'string',
      valueName: '<step>',
      description: 'End at this step (default: the current files).',
    },
  },
  positionals: { min: 0, max: 1 },
  examples: ['diff', 'diff last --from 2 --to 3'],
  async execute(input, context) {
    const { executeDiff } = await import('../session/session-commands.js');
    return executeDiff(input, context);
  },
};
