import { type CommandDefinition, stringValue } from '../command-definition.js';
import { usageFailure } from '../exit-codes.js';
import { modelOptions, sandboxOptions } from './shared-options.js';

export const batchCommand: CommandDefinition = {
  name: 'batch',
  usage: 'batch <tasks.jsonl> [--concurrency <n>] [--results <path>] [--queue <url>] [options]',
  summary: 'Run many tasks from a JSONL file, each in its own worktree.',
  details: [
    'Each line of tasks.jsonl is a task: {"id", "cwd", "prompt", "check", "budget"} (see docs/runner.md).',
    'Writes one result line per task to the results file and ends with a summary table.',
    'Exit codes: 0 every task finished, 1 some task failed, 2 usage error, 3 some task ran out of budget,',
    '4 some task still fails its check, 130 interrupted (143 on SIGTERM, 129 on SIGHUP).',
    '',
    'Distributed: with --queue redis://HOST:PORT/DB (or WRIGHT_QUEUE) the tasks go to a queue that `wright worker`',
    'processes take them from, on any number of machines; a task already on the queue is not added again.',
    '  wright batch status --queue <url> [--name <batch>]          progress by state',
    '  wright batch results --queue <url> [--format jsonl|table]   results with every attempt',
    'See docs/batch.md.',
  ].join('\n'),
  options: {
    ...modelOptions,
    ...sandboxOptions,
    concurrency: { type: 'string', valueName: '<n>', description: 'Tasks run at once (default: 4).' },
    results: {
      type: 'string',
      valueName: '<path>',
      description: 'Results JSONL (default: <tasks>.results.jsonl).',
    },
    json: { type: 'boolean', description: 'Print result lines as JSON on stdout instead of progress.' },
    queue: {
      type: 'string',
      valueName: '<url>',
      description: 'Submit to a queue for `wright worker`s: redis://HOST:PORT/DB[?name=queue].',
    },
    detach: { type: 'boolean', description: 'With --queue: return once the tasks are submitted.' },
    name: {
      type: 'string',
      valueName: '<batch>',
      description: "With --queue: the batch's name (default: the tasks file's name).",
    },
    attempts: {
      type: 'string',
      valueName: '<n>',
      description: 'With --queue: attempts per task before it is dead-lettered (default: 3).',
    },
    backoff: {
      type: 'string',
      valueName: '<time>',
      description: 'With --queue: delay before the first retry, doubling after (default: 30s).',
    },
    format: {
      type: 'string',
      valueName: '<jsonl|table>',
      description: 'batch results: output format (default: jsonl).',
    },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    'batch tasks.jsonl --concurrency 4 --results results.jsonl',
    'batch tasks.jsonl --queue redis://127.0.0.1:6379/0 --results results.jsonl',
    'batch status --queue redis://127.0.0.1:6379/0',
  ],
  async execute(input, context) {
    const url = stringValue(input, 'queue') ?? context.env.WRIGHT_QUEUE;
    const first = input.positionals[0];
    if (first === 'status' || first === 'results') {
      if (url === undefined) {
        throw usageFailure(
          `wright batch ${first}: no queue`,
          'pass --queue redis://HOST:PORT/DB or set WRIGHT_QUEUE',
        );
      }
      const queued = await import('../session/execute-queued-batch.js');
      return first === 'status'
        ? queued.executeBatchStatus(input, context, url)
        : queued.executeBatchResults(input, context, url);
    }
    if (url !== undefined) {
      const { executeQueuedBatch } = await import('../session/execute-queued-batch.js');
      return executeQueuedBatch(input, context, url);
    }
    const { executeBatch } = await import('../session/execute-batch.js');
    return executeBatch(input, context);
  },
};
