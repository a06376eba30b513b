import type { CommandDefinition } from '../command-definition.js';
import { modelOptions, sandboxOptions } from './shared-options.js';

export const runCommand: CommandDefinition = {
  name: 'run',
  usage: 'run [options] <task>  |  run [options] --command <name> [args...]',
  summary: 'Run a task autonomously and exit.',
  details: [
    'The task is the next user message; words after the options are joined with spaces.',
    'With --command, the task is a custom command (.wright/commands/<name>.md, or commands/<name>.md in the',
    'user config directory) with $ARGUMENTS replaced by the words after the options and $1..$9 by single ones.',
    'Exit codes: 0 finished, 1 runtime or provider error, 2 usage error, 3 a step, token, cost or',
    'time budget ran out, 4 the --check command still fails, 130 interrupted (143 on SIGTERM,',
    '129 on SIGHUP).',
  ].join('\n'),
  options: {
    ...modelOptions,
    ...sandboxOptions,
    'max-cost': {
      type: 'string',
      valueName: '<usd>',
      description: 'Stop when the run has cost this much (exit 3).',
    },
    'max-tokens': {
      type: 'string',
      valueName: '<n>',
      description: 'Stop after n tokens in and out (exit 3).',
    },
    'max-time': {
      type: 'string',
      valueName: '<duration>',
      description: 'Stop after this long: 30s, 5m, 1h; a bare number is seconds (exit 3).',
    },
    json: { type: 'boolean', description: 'One JSON event per line on stdout, nothing else on stdout.' },
    worktree: { type: 'boolean', description: 'Run in an isolated git worktree on branch wright/<session>.' },
    check: {
      type: 'string',
      valueName: '<command>',
      description: 'Verification command run when the agent is done.',
    },
    resume: {
      type: 'string',
      valueName: '<session-id|last>',
      description: 'Continue a session with <task> as the next user message.',
    },
    'hide-reasoning': { type: 'boolean', description: 'Do not print the model reasoning.' },
    command: {
      type: 'string',
      valueName: '<name>',
      description: 'Run a custom command (docs/skills.md); words after the options are its arguments.',
    },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  examples: [
    'run "fix the failing test in src/date.ts" --check "npm test"',
    'run --json --approval full "add a --verbose flag" > events.jsonl',
    'run --resume last "now update the README"',
    'run --command review src/a.ts',
  ],
  async execute(input, context) {
    const { executeRun } = await import('../session/execute-run.js');
    return executeRun(input, context);
  },
};
