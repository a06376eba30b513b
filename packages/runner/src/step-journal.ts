import type { AgentEvent, SessionJournal } from '@wright/core';
import type { Checkpoint } from './checkpoint-store.js';
import type { RunnerWorkspace } from './open-workspace.js';
import type { RunnerEvent } from './runner-events.js';

/**
 * Wraps the session journal handed to `runAgent`. The loop appends every event synchronously and awaits `flush()`
 * at each turn boundary, so this is where the runner keeps in step with it: `turn-start` sets the workspace's step
 * before any tool of that turn runs, and the flush after a `turn-end` takes the checkpoint while the loop waits.
 * Events are forwarded to `emit` in order; those after a `turn-end` are held until its checkpoint is taken.
 */
export function createStepJournal(options: {
  journal: SessionJournal;
  workspace: RunnerWorkspace;
  /** Session-wide step of turn 0 of this run. */
  stepOffset: number;
  emit(event: RunnerEvent): void;
}): SessionJournal & { readonly lastStep: number } {
  const { journal, workspace, emit } = options;
  let lastStep = options.stepOffset;
  let pendingTurnEnd: AgentEvent | undefined;
  let held: AgentEvent[] = [];
  const release = () => {
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
      if (event.type === 'turn-start') {
        lastStep = options.stepOffset + event.turn;
        workspace.setStep(lastStep);
      }
      if (pendingTurnEnd) held.push(event);
      else emit(event);
      if (event.type === 'turn-end') pendingTurnEnd = event;
    },
    async flush() {
      await journal.flush();
      const turnEnd = pendingTurnEnd;
      if (!turnEnd) return;
      pendingTurnEnd = undefined;
      let checkpoint: Checkpoint | null = null;
      try {
        checkpoint = await workspace.checkpoint({
          runId: turnEnd.runId,
          seq: turnEnd.seq,
          turn: turnEnd.turn,
        });
        const latest = checkpoint ?? (await workspace.listCheckpoints()).at(-1);
        await workspace.ledger.append({
          type: 'step-end',
          step: lastStep,
          runId: turnEnd.runId,
          seq: turnEnd.seq,
          commit: latest?.commit ?? null,
          time: Date.now(),
        });
        await workspace.store.updateMeta(workspace.sessionId, { steps: lastStep });
      } catch (error) {
        emit({
          type: 'task-warning',
          sessionId: workspace.sessionId,
          time: Date.now(),
          message: `Checkpoint after step ${lastStep} failed: ${(error as Error).message}`,
        });
      }
      if (checkpoint) {
        const { step, commit, files } = checkpoint;
        emit({ type: 'checkpoint', sessionId: workspace.sessionId, time: Date.now(), step, commit, files });
      }
      release();
    },
    async close() {
      release();
      await journal.close();
    },
  };
}
