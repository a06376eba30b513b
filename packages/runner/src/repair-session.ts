import { rm } from 'node:fs/promises';
import {
  readFileOrNull,
  resolveWorkspacePath,
  setFileContent,
  temporaryPathFor,
} from '@wright/core/internal';
import { type LedgerChange, sha256 } from './change-ledger.js';
import { isProcessAlive } from './file-lock.js';
import { completeTurnPrefix, keepJournalEvents, readJournalLines } from './journal-file.js';
import type { RunnerWorkspace } from './open-workspace.js';

/** What repair did to an interrupted session. */
export type RepairReport = {
  /** Journal events of the interrupted step that were dropped. */
  droppedEvents: number;
  /** Files whose tool changes were undone. */
  revertedFiles: string[];
  /** The checkpoint restored, when one matched the end of the kept journal exactly. */
  restoredStep?: number;
  warnings: string[];
  /** Steps (turns) the kept journal holds. */
  steps: number;
};

/**
 * Brings a session that was killed mid-step back to a consistent state: the journal keeps only whole turns, tool
 * changes whose results the journal never recorded are undone (by content hash, so nothing is undone twice), and
 * when the last checkpoint was taken exactly at the end of the kept journal, the files are restored to it (which
 * also drops what shell commands did in the interrupted step). Returns null when the session ended cleanly.
 */
export async function repairSession(
  workspace: RunnerWorkspace,
  journalPath: string,
): Promise<RepairReport | null> {
  const journal = await readJournalLines(journalPath);
  const keep = completeTurnPrefix(journal);
  const kept = journal.events.slice(0, keep);
  const recorded = new Set<string>();
  for (const event of kept) {
    if (event.type === 'message' && event.message.role === 'tool') recorded.add(event.message.toolCallId);
  }
  const { changes, stepEnds, observed } = await workspace.ledger.read();
  const dropped = changes.filter(
    (change) => change.status === 'pending' || (change.status === 'done' && !recorded.has(change.callId)),
  );
  const droppedCommands = observed.filter((record) => !recorded.has(record.callId));
  const steps = kept.filter((event) => event.type === 'turn-end').length;
  const lastTurnEnd = kept.findLast((event) => event.type === 'turn-end');
  const marker = stepEnds.at(-1);
  const checkpointMissing =
    lastTurnEnd !== undefined && (marker?.runId !== lastTurnEnd.runId || marker?.seq !== lastTurnEnd.seq);
  const endedCleanly = kept.at(-1)?.type === 'run-end' || kept.length === 0;
  const untouched = dropped.length === 0 && droppedCommands.length === 0 && !checkpointMissing;
  if (keep === journal.events.length && untouched && endedCleanly) return null;

  if (keep < journal.events.length) await keepJournalEvents(journalPath, journal, keep);
  const warnings: string[] = [];
  const revertedFiles: string[] = [];
  for (const change of [...dropped].reverse()) {
    revertedFiles.push(...(await revertChange(workspace, change, warnings)));
    await workspace.ledger.append({ type: 'reverted', id: change.id, time: Date.now() });
  }

  const report: RepairReport = {
    droppedEvents: journal.events.length - keep,
    revertedFiles,
    warnings,
    steps,
  };
  // What the interrupted step's commands changed goes back to the last checkpoint (their paths only).
  const commandPaths = [...new Set(droppedCommands.flatMap((record) => record.paths))];
  const reset = await workspace.resetPaths(commandPaths);
  for (const record of droppedCommands) {
    await workspace.ledger.append({ type: 'reverted', id: record.id, time: Date.now() });
  }
  if (reset.length > 0) {
    revertedFiles.push(...reset);
    report.restoredStep = (await workspace.listCheckpoints()).at(-1)?.step ?? 0;
  }
  // Killed between a step's end and its checkpoint (taken in the background): take the missing ones now, each
  // from the ledger's record of its step.
  if (checkpointMissing) {
    const markerIndex = marker
      ? kept.findIndex((event) => event.runId === marker.runId && event.seq === marker.seq)
      : -1;
    let step = marker && markerIndex >= 0 ? marker.step : 0;
    for (const event of kept.slice(markerIndex + 1)) {
      if (event.type !== 'turn-end') continue;
      step += 1;
      await workspace.endStep(step, { runId: event.runId, seq: event.seq, turn: event.turn });
    }
  }
  workspace.setStep(steps);
  await workspace.store.updateMeta(workspace.sessionId, { steps });
  return report;
}

/**
 * Repairs a session whose last run was interrupted (killed, crashed) before anything else touches its checkpoints:
 * `wright undo` without a resume first must not undo around a step whose checkpoint was never taken (a later repair
 * would then record that step's files as the undo left them). Does nothing while the run is still going in another
 * process (its status is `running` and its process is alive), or when the session ended cleanly.
 */
export async function repairInterruptedSession(workspace: RunnerWorkspace): Promise<RepairReport | null> {
  const meta = await workspace.store.readMeta(workspace.sessionId);
  if (meta.status === 'running' && meta.pid !== undefined && isProcessAlive(meta.pid)) return null;
  return repairSession(workspace, workspace.store.journalPath(workspace.sessionId));
}

// Ledger paths were confined when applied; confine them again, the disk may have changed since.
async function confine(root: string, path: string): Promise<string> {
  return (await resolveWorkspacePath(root, path, { allowMissing: true })).absolute;
}

/** Puts each file of a change back to its `before` content when it still holds the `after` content. */
async function revertChange(
  workspace: RunnerWorkspace,
  change: LedgerChange,
  warnings: string[],
): Promise<string[]> {
  const reverted: string[] = [];
  for (const file of [...change.files].reverse()) {
    const target = await confine(workspace.root, file.path);
    await rm(temporaryPathFor(target, change.id), { force: true });
    const current = await readFileOrNull(target);
    const currentHash = current === null ? null : sha256(current);
    const sourcePath =
      file.renamedFrom === undefined ? undefined : await confine(workspace.root, file.renamedFrom);
    const beforeContent = file.before === null ? null : await workspace.ledger.readBlob(file.before);
    if (currentHash === file.after) {
      if (sourcePath) {
        await setFileContent(workspace.root, sourcePath, beforeContent, change.id);
        await setFileContent(workspace.root, target, null, change.id);
      } else {
        await setFileContent(workspace.root, target, beforeContent, change.id);
      }
      reverted.push(file.path);
    } else if (!sourcePath && currentHash !== file.before) {
      warnings.push(`${file.path} changed since the interrupted step; left as it is.`);
    }
  }
  return reverted;
}
