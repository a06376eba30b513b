import type { CommandDefinition } from '../command-definition.js';

export const undoCommand: CommandDefinition = {
  name: 'undo',
  usage: 'undo [--to <step>] [--session <id>] [--cwd <dir>] [--conversation] [--force]',
  summary: "Restore the files a session changed to an earlier step's checkpoint.",
  details: [
    "Without --to, undoes the last step of the most recent session. --to 0 restores the session's start.",
    'Only files this session changed are touched; your own edits and files, and other sessions’ work, stay.',
    'If a file the session wrote was changed since (by you, another session or a command outside the session),',
    'nothing is undone and the files are named. --force undoes anyway, after saving the current files as a new',
    'step, so a forced undo can itself be undone with --to that step.',
    'With --conversation the session history is cut back to that step too, so a resume continues from there.',
  ].join('\n'),
  options: {
    to: { type: 'string', valueName: '<step>', description: 'The step to go back to.' },
    session: { type: 'string', valueName: '<id|last>', description: 'The session (default: last).' },
    cwd: { type: 'string', valueName: '<dir>', description: 'A directory of the project (default: .).' },
    conversation: { type: 'boolean', description: 'Also cut the conversation back to that step.' },
    force: {
      type: 'boolean',
      description: 'Undo even over changes made since the session (they are saved as a new step first).',
    },
  },
  positionals: { min: 0, max: 0 },
  examples: ['undo', 'undo --to 2', 'undo --to 0 --conversation', 'undo --force'],
  async execute(input, context) {
    const { executeUndo } = await import('../session/session-commands.js');
    return executeUndo(input, context);
  },
};
