import type { CommandDefinition } from '../command-definition.js';

export const sessionsCommand: CommandDefinition = {
  name: 'sessions',
  usage: 'sessions [--cwd <dir>] [--json]',
  summary: 'List stored sessions.',
  details: 'Lists the sessions of the project containing the directory, newest first.',
  options: {
    cwd: { type: 'string', valueName: '<dir>', description: 'A directory of the project (default: .).' },
    json: { type: 'boolean', description: 'One JSON object per session per line.' },
  },
  positionals: { min: 0, max: 0 },
  async execute(input, context) {
    const { executeSessions } = await import('../session/session-commands.js');
    return executeSessions(input, context);
  },
};
