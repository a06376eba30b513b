import type { AgentEvent, SessionJournal } from '@wright/core';
import type { RunnerWorkspace } from './open-workspace.js';
import type { RunnerEvent } from './runner-events.js';

/**
 * Wraps the session journal handed to `runAgent`. The loop appends every event synchronously and awaits `flush()`
 * at each turn boundary, so this is where the runner keeps in step with it: `turn-start` sets the workspace's step
 * before any tool of that turn runs, and the flush after a `turn-end` starts the step's checkpoint without making
 * the loop wait (tools of the next step wait for it instead). Events are forwarded to `emit` in order; those after
 * a `turn-end` are held until its checkpoint is recorded.
 */
export function createStepJournal(options: {
  journal: SessionJournal;
  workspace: RunnerWorkspace;
  /** Session-wide step of turn 0 of this run. */
  stepOffset: number;
  emit(event: RunnerEvent): void;
}): SessionJournal & {
  readonly lastStep: number;
  /** Resolves once the checkpoint of the last finished step is recorded (and its events emitted). */
  settled(): Promise<void>;
} {
  const { journal, workspace, emit } = options;
  let lastStep = options.stepOffset;
  let pendingTurnEnd: AgentEvent | undefined;
  let held: AgentEvent[] = [];
  let pending: Promise<void> = Promise.resolve();
  let holding = false;
  let startCheckpoint: (() => void) | undefined;
  const release = () => {
    holding = false;
    const events = held;
    held = [];
    for (const event of events) emit(event);
  };
  return {
    path: journal.path,
    get lastStep() {
      return lastStep;
    },
    append(event) {
      journal.append(event);
      if (startCheckpoint && event.type !== 'turn-start') startCheckpoint();
      if (event.type === 'turn-start') {
        lastStep = options.stepOffset + event.turn;
        workspace.setStep(lastStep);
      }
      if (holding) held.push(event);
      else emit(event);
      if (event.type === 'turn-end') {
        pendingTurnEnd = event;
        holding = true;
      }
    },
    async flush() {
      await journal.flush();
      const turnEnd = pendingTurnEnd;
      if (!turnEnd) return;
      pendingTurnEnd = undefined;
      // Not awaited: the checkpoint overlaps with the next model request. It starts once that request is on the
      // wire (the first event after the next turn-start: the response beginning, or the run ending), or after
      // 100 ms, so it does not compete with sending the request. It is queued on the workspace before any event
      // of the response is handled, so every tool of the next step waits for it; held events are released once it
      // is recorded.
      const position = { runId: turnEnd.runId, seq: turnEnd.seq, turn: turnEnd.turn };
      const step = lastStep;
      let timer: NodeJS.Timeout | undefined;
      const start = () => {
        startCheckpoint = undefined;
        clearTimeout(timer);
        pending = workspace.endStep(step, position).then(
          (checkpoint) => {
            if (checkpoint) {
              const { step, commit, files } = checkpoint;
              const time = Date.now();
              emit({ type: 'checkpoint', sessionId: workspace.sessionId, time, step, commit, files });
            }
            release();
          },
          (error: unknown) => {
            emit({
              type: 'task-warning',
              sessionId: workspace.sessionId,
              time: Date.now(),
              message: `Checkpoint after step ${position.turn} failed: ${(error as Error).message}`,
            });
            release();
          },
        );
      };
      startCheckpoint = start;
      timer = setTimeout(start, 100);
    },
    settled() {
      startCheckpoint?.();
      return pending;
    },
    async close() {
      startCheckpoint?.();
      await pending;
      release();
      await journal.close();
    },
  };
}
