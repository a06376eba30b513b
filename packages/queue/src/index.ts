export type { RedisTaskQueueOptions } from './redis/create-redis-task-queue.js';
export { createRedisTaskQueue } from './redis/create-redis-task-queue.js';
export type { QueueAddress } from './redis/parse-queue-url.js';
export { parseQueueUrl } from './redis/parse-queue-url.js';
export type {
  EnqueueReport,
  QueuedTask,
  RetryPolicy,
  TaskHandler,
  TaskQueue,
  TaskRecord,
  TaskState,
  TaskWorker,
  TaskWorkerOptions,
  WorkerEvent,
} from './task-queue.js';
