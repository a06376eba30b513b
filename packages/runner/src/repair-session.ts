import { rm } from 'node:fs/promises';
import { readFileOrNull, resolveWorkspacePath, setFileContent, temporaryPathFor } from '@wright/core';
import { type LedgerChange, sha256 } from './change-ledger.js';
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
  const { changes, stepEnds } = await workspace.ledger.read();
  const dropped = changes.filter(
    (change) => change.status === 'pending' || (change.status === 'done' && !recorded.has(change.callId)),
  );
  const steps = kept.filter((event) => event.type === 'turn-end').length;
  const endedCleanly = kept.at(-1)?.type === 'run-end' || kept.length === 0;
  if (keep === journal.events.length && dropped.length === 0 && endedCleanly) return null;

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
  const restoreStep = await matchingCheckpoint(workspace, kept, stepEnds);
  if (restoreStep !== undefined && keep < journal.events.length) {
    await workspace.restoreCheckpoint(restoreStep);
    report.restoredStep = restoreStep;
  }
  workspace.setStep(steps);
  await workspace.store.updateMeta(workspace.sessionId, { steps });
  return report;
}

/** The checkpoint whose state is exactly the end of the kept journal, if the ledger proves one. */
async function matchingCheckpoint(
  workspace: RunnerWorkspace,
  kept: { type: string; runId: string; seq: number }[],
  stepEnds: { runId: string; seq: number; commit: string | null }[],
): Promise<number | undefined> {
  const lastTurnEnd = kept.findLast((event) => event.type === 'turn-end');
  if (!lastTurnEnd) return 0;
  const marker = stepEnds.at(-1);
  if (!marker || marker.runId !== lastTurnEnd.runId || marker.seq !== lastTurnEnd.seq || !marker.commit) {
    return undefined;
  }
  const checkpoint = (await workspace.listCheckpoints()).find(
    (candidate) => candidate.commit === marker.commit,
  );
  return checkpoint?.step;
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
