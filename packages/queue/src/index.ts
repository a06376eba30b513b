export { limitModelConcurrency } from './limit-model-concurrency.js';
export type { QueuedResultLine } from './merge-results.js';
export { countStates, formatResultsTable, toResultLines } from './merge-results.js';
export type { BatchLimitKeyInput } from './model-limit-key.js';
export { modelLimitKey } from './model-limit-key.js';
export type { RedisTaskQueueOptions } from './redis/create-redis-task-queue.js';
export { createRedisTaskQueue } from './redis/create-redis-task-queue.js';
export type { QueueAddress } from './redis/parse-queue-url.js';
export { parseQueueUrl } from './redis/parse-queue-url.js';
export type { AttemptArtefacts } from './save-attempt-artefacts.js';
export { saveAttemptArtefacts } from './save-attempt-artefacts.js';
export type {
  AttemptContext,
  AttemptOutcome,
  ConcurrencySemaphore,
  EnqueueReport,
  QueuedTask,
  RetryPolicy,
  TaskAttempt,
  TaskHandler,
  TaskQueue,
  TaskRecord,
  TaskState,
  TaskWorker,
  TaskWorkerOptions,
  WorkerEvent,
} from './task-queue.js';
