import type { CommandDefinition } from '../command-definition.js';

export const cleanCommand: CommandDefinition = {
  name: 'clean',
  usage: 'clean [--cwd <dir>] [--older-than <days>] [--yes]',
  summary: "Remove finished sessions' worktrees, stale wright/* branches and old snapshot data.",
  details: [
    "Lists what it would remove from the project's data: worktrees of finished sessions, wright/* branches that",
    'are merged into HEAD or abandoned (their session finished or is gone), sessions finished more than',
    '--older-than days ago (default 30) with their checkpoints, scratch files, and the index caches of sessions',
    'not running (rebuilt when they run again). On a terminal it asks first; elsewhere it only lists, unless',
    '--yes. A running session is never touched.',
  ].join('\n'),
  options: {
    cwd: { type: 'string', valueName: '<dir>', description: 'A directory of the project (default: .).' },
    'older-than': {
      type: 'string',
      valueName: '<days>',
      description: 'Remove finished sessions older than this many days (default 30).',
    },
    yes: { type: 'boolean', description: 'Remove without asking.' },
  },
  positionals: { min: 0, max: 0 },
  examples: ['clean', 'clean --older-than 7 --yes'],
  async execute(input, context) {
    const { executeClean } = await import('../session/clean-command.js');
    return executeClean(input, context);
  },
};
