import type { CommandDefinition } from '../command-definition.js';
import { modelOptions, sandboxOptions } from './shared-options.js';

export const workerCommand: CommandDefinition = {
  name: 'worker',
  usage: 'worker --queue <redis://HOST:PORT/DB> [--concurrency <n>] [options]',
  summary: 'Take batch tasks from a queue and run them (distributed batch).',
  details: [
    'Runs tasks that `wright batch --queue` submitted, on any machine that has the repositories (or can clone a',
    "task's repo) and the model configuration (ZAI_API_KEY or config). Each attempt works in its own worktree; its",
    'result is recorded under the task id with its attempt number. A worker that dies has its tasks taken over by',
    'another once their lock expires (--lock-duration).',
    'SIGTERM or Ctrl-C stops taking tasks and lets running ones finish for --grace; a second signal, or the end of',
    'the grace period, hands them back to the queue unfinished. Exit codes: 0 stopped cleanly, 1 queue error,',
    '2 usage error. See docs/batch.md.',
  ].join('\n'),
  options: {
    ...modelOptions,
    ...sandboxOptions,
    queue: {
      type: 'string',
      valueName: '<url>',
      description: 'redis://HOST:PORT/DB[?name=queue] (or WRIGHT_QUEUE).',
    },
    concurrency: { type: 'string', valueName: '<n>', description: 'Tasks run at once (default: 2).' },
    'model-concurrency': {
      type: 'string',
      valueName: '<n>',
      description:
        'Model requests in flight per key across all workers (default: 1 for coding plans, else none).',
    },
    'results-dir': {
      type: 'string',
      valueName: '<dir>',
      description: "A shared folder for each attempt's diff, journal and result.",
    },
    'lock-duration': {
      type: 'string',
      valueName: '<time>',
      description: "How soon a dead worker's tasks go to another worker (default: 30s).",
    },
    grace: {
      type: 'string',
      valueName: '<time>',
      description: 'On shutdown, how long running tasks may finish (default: 60s).',
    },
    name: {
      type: 'string',
      valueName: '<name>',
      description: 'Names this worker in attempt records (default: host:pid).',
    },
  },
  positionals: { min: 0, max: 0 },
  examples: ['worker --queue redis://127.0.0.1:6379/0 --concurrency 4 --results-dir /mnt/shared/results'],
  async execute(input, context) {
    const { executeWorker } = await import('../session/execute-worker.js');
    return executeWorker(input, context);
  },
};
