// The `@wright/queue/internal` entry: helpers Wright's own packages share. Unstable: names here change or go
// without notice; apps and plugins use the main entry (docs/api.md).
export { limitModelConcurrency } from './limit-model-concurrency.js';
export type { QueuedResultLine } from './merge-results.js';
export { countStates, formatResultsTable, toResultLines } from './merge-results.js';
export type { BatchLimitKeyInput } from './model-limit-key.js';
export { modelLimitKey } from './model-limit-key.js';
export type { AttemptArtefacts } from './save-attempt-artefacts.js';
export { saveAttemptArtefacts } from './save-attempt-artefacts.js';
export type { AttemptContext, AttemptOutcome, ConcurrencySemaphore, TaskAttempt } from './task-queue.js';
