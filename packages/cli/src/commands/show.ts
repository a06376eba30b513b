import type { CommandDefinition } from '../command-definition.js';

export const showCommand: CommandDefinition = {
  name: 'show',
  usage: 'show <session|last> [--cwd <dir>] [--json]',
  summary: "Show a session's transcript.",
  details: 'Replays the session journal the way `wright run` printed it; --json prints the raw events.',
  options: {
    cwd: { type: 'string', valueName: '<dir>', description: 'A directory of the project (default: .).' },
    json: { type: 'boolean', description: 'Print the journal events, one JSON object per line.' },
    'hide-reasoning': { type: 'boolean', description: 'Do not print the model reasoning.' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['show last', 'show 20250612-1430'],
  async execute(input, context) {
    const { executeShow } = await import('../session/session-commands.js');
    return executeShow(input, context);
  },
};
