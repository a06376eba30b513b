import type { ErrorData } from '@wright/core';
import type { BatchResult, TaskSpec } from '@wright/runner';

/**
 * The queue behind distributed batch runs, independent of its engine. Redis with BullMQ implements it today
 * (`createRedisTaskQueue`); a Temporal backend can implement the same contract later. Delivery is at least once:
 * a task may be attempted more than once (a worker dies, a lock expires), so every attempt starts from a clean
 * workspace and is recorded under the task id with its attempt number.
 */
export type TaskQueue = {
  /** Adds tasks; a task whose id is already on the queue is left as it is (re-submitting adds no work). */
  enqueue(tasks: QueuedTask[], policy: RetryPolicy): Promise<EnqueueReport>;
  /** Every task of a batch (or of every batch) with its state and attempts, in enqueue order. */
  records(filter?: { batch?: string }): Promise<TaskRecord[]>;
  /** Names of the batches on the queue, oldest first. */
  batches(): Promise<string[]>;
  /** Starts taking tasks; see `TaskWorker`. */
  startWorker(options: TaskWorkerOptions): TaskWorker;
  /** A counting semaphore shared by every process using this queue (e.g. one model key's request slots). */
  semaphore(name: string, limit: number): ConcurrencySemaphore;
  /** Closes connections (a worker must be stopped first). */
  close(): Promise<void>;
};

/** A batch task as it travels through the queue. */
export type QueuedTask = TaskSpec & {
  /** Unique on the queue; the engine's job id derives from it. */
  id: string;
  /** The batch it was submitted with (default: the tasks file's name without `.jsonl`). */
  batch: string;
};

/** How failed attempts are retried. */
export type RetryPolicy = {
  /** Attempts at most, the first included (a task still failing then is dead-lettered). */
  attempts: number;
  /** Delay before the first retry in milliseconds; doubles for each further retry. */
  backoffMs: number;
};

/** What `enqueue` did with each task id. */
export type EnqueueReport = { added: string[]; existing: string[] };

/**
 * Where a task stands: `waiting` (or `delayed` for a retry's backoff) until a worker takes it, `active` while one
 * runs it, then `completed` (it ran to a result, whatever the result says) or `dead` (every attempt failed).
 */
export type TaskState = 'waiting' | 'delayed' | 'active' | 'completed' | 'dead' | 'unknown';

/** One attempt at a task, by one worker. */
export type TaskAttempt = {
  /** 1 for the first attempt, counted across all workers. */
  attempt: number;
  /** The worker that made it (`host:pid` unless named). */
  worker: string;
  /** ISO time the attempt started. */
  startedAt: string;
  /** ISO time it ended; absent while running or when its worker died. */
  endedAt?: string;
  /**
   * `running`; `completed` (a result was recorded); `failed` (an error that may be retried); `handed-back` (its worker
   * shut down and returned the task unfinished); `lost` (its worker died: a later attempt started while this one
   * was still marked running).
   */
  outcome: 'running' | 'completed' | 'failed' | 'handed-back' | 'lost';
  /** The attempt's result line (set when completed, and for failures that got as far as a result). */
  result?: BatchResult;
  error?: ErrorData;
  /** Folder holding the attempt's diff, journal and result, when the worker has a results directory. */
  artefacts?: string;
};

/** A task with its state and every attempt so far. */
export type TaskRecord = {
  id: string;
  batch: string;
  state: TaskState;
  attempts: TaskAttempt[];
  /** The result that counts: the completed attempt's, else the last attempt's that has one. */
  result?: BatchResult;
};

/** What a task handler receives with its task. */
export type AttemptContext = {
  attempt: number;
  worker: string;
  /** Aborted when the worker shuts down past its grace period; the handler must then return promptly. */
  signal: AbortSignal;
};

/** Runs one attempt of a task. Must not reject: failures come back as a result with status `error`. */
export type TaskHandler = (task: QueuedTask, context: AttemptContext) => Promise<AttemptOutcome>;

/** What an attempt produced. */
export type AttemptOutcome = { result: BatchResult; artefacts?: string };

/** Options of `startWorker`. */
export type TaskWorkerOptions = {
  handler: TaskHandler;
  /** Tasks this worker runs at once. */
  concurrency: number;
  /** Names the worker in attempt records; default `host:pid`. */
  name?: string;
  /**
   * How long a task stays locked to its worker without a renewal (the worker renews it while alive). After a
   * worker dies, its tasks go to another worker within about this time. Default 30 s.
   */
  lockDurationMs?: number;
  onEvent?: (event: WorkerEvent) => void;
};

/** What a worker reports as it goes. */
export type WorkerEvent =
  | { type: 'attempt-start'; id: string; attempt: number }
  | {
      type: 'attempt-end';
      id: string;
      attempt: number;
      outcome: TaskAttempt['outcome'];
      result?: BatchResult;
    }
  | { type: 'worker-error'; message: string };

/** A running worker. */
export type TaskWorker = {
  /**
   * Stops taking tasks and lets running ones finish for up to `graceMs`; past that, aborts them and hands them back
   * to the queue unfinished (another worker starts them afresh). Resolves once every running task is settled.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Tasks running now. */
  running(): number;
};

/** A counting semaphore; `acquire` resolves with the function that releases the slot. */
export type ConcurrencySemaphore = {
  acquire(signal?: AbortSignal): Promise<() => Promise<void>>;
};
