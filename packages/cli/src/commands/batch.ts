import type { CommandDefinition } from '../command-definition.js';
import { modelOptions } from './shared-options.js';

export const batchCommand: CommandDefinition = {
  name: 'batch',
  usage: 'batch <tasks.jsonl> [--concurrency <n>] [--results <path>] [options]',
  summary: 'Run many tasks from a JSONL file, each in its own worktree.',
  details: [
    'Each line of tasks.jsonl is a task: {"id", "cwd", "prompt", "check", "budget"} (see docs/runner.md).',
    'Writes one result line per task to the results file and ends with a summary table.',
    'Exit codes: 0 every task finished, 1 some task failed, 2 usage error, 3 some task ran out of budget,',
    '4 some task still fails its check, 130 interrupted.',
  ].join('\n'),
  options: {
    ...modelOptions,
    concurrency: { type: 'string', valueName: '<n>', description: 'Tasks run at once (default: 4).' },
    results: {
      type: 'string',
      valueName: '<path>',
      description: 'Results JSONL (default: <tasks>.results.jsonl).',
    },
    json: { type: 'boolean', description: 'Print result lines as JSON on stdout instead of progress.' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['batch tasks.jsonl --concurrency 4 --results results.jsonl'],
  async execute(input, context) {
    const { executeBatch } = await import('../session/execute-batch.js');
    return executeBatch(input, context);
  },
};
