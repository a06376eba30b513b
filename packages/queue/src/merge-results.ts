import { type BatchResult, formatBatchSummary } from '@wright/runner';
import type { TaskAttempt, TaskRecord, TaskState } from './task-queue.js';

/** One line of a distributed batch's results JSONL: today's result line plus the task's state and attempts. */
export type QueuedResultLine = BatchResult & { batch: string; state: TaskState; attempts: TaskAttempt[] };

/**
 * Merges task records into result lines, one per task in enqueue order. A task with no result yet (still waiting,
 * or dead before any attempt produced one) gets a line with zero counts and its state as the reason.
 */
export function toResultLines(records: TaskRecord[]): QueuedResultLine[] {
  return records.map((record) => ({
    ...(record.result ?? placeholder(record)),
    batch: record.batch,
    state: record.state,
    attempts: record.attempts,
  }));
}

/** The results as a table: the local batch's summary plus each task's attempt count. */
export function formatResultsTable(lines: QueuedResultLine[]): string {
  const summary = formatBatchSummary(lines);
  const retried = lines.filter((line) => line.attempts.length > 1);
  if (retried.length === 0) return summary;
  const notes = retried.map(
    (line) =>
      `  ${line.id}: ${line.attempts.map((attempt) => `#${attempt.attempt} ${attempt.outcome}`).join(', ')}`,
  );
  return `${summary}\nattempts:\n${notes.join('\n')}`;
}

/** Counts of tasks by state, and whether every task has settled. */
export function countStates(records: TaskRecord[]): { counts: Record<TaskState, number>; settled: boolean } {
  const counts: Record<TaskState, number> = {
    waiting: 0,
    delayed: 0,
    active: 0,
    completed: 0,
    dead: 0,
    unknown: 0,
  };
  for (const record of records) counts[record.state] += 1;
  return { counts, settled: counts.completed + counts.dead === records.length };
}

function placeholder(record: TaskRecord): BatchResult {
  const last = record.attempts.at(-1);
  return {
    id: record.id,
    status: record.state === 'dead' ? 'error' : 'stopped',
    reason: record.state === 'dead' ? 'dead-lettered' : record.state,
    steps: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    cost: 0,
    durationMs: 0,
    check: null,
    diffPath: null,
    sessionId: '',
    ...(last?.error ? { error: last.error } : {}),
  };
}
