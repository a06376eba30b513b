import type { CommandDefinition } from '../command-definition.js';

export const undoCommand: CommandDefinition = {
  name: 'undo',
  usage: 'undo [--to <step>] [--session <id>] [--cwd <dir>] [--conversation]',
  summary: "Restore the workspace to an earlier step's checkpoint.",
  details: [
    "Without --to, undoes the last step of the most recent session. --to 0 restores the session's start.",
    'With --conversation the session history is cut back to that step too, so a resume continues from there.',
  ].join('\n'),
  options: {
    to: { type: 'string', valueName: '<step>', description: 'The step to go back to.' },
    session: { type: 'string', valueName: '<id|last>', description: 'The session (default: last).' },
    cwd: { type: 'string', valueName: '<dir>', description: 'A directory of the project (default: .).' },
    conversation: { type: 'boolean', description: 'Also cut the conversation back to that step.' },
  },
  positionals: { min: 0, max: 0 },
  examples: ['undo', 'undo --to 2', 'undo --to 0 --conversation'],
  async execute(input, context) {
    const { executeUndo } = await import('../session/session-commands.js');
    return executeUndo(input, context);
  },
};
