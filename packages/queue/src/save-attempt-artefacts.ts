import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import type { BatchResult } from '@wright/runner';

/** What `saveAttemptArtefacts` copies. */
export type AttemptArtefacts = {
  /** A results directory every machine can read (a shared or synced folder, or an object store's mount). */
  resultsDirectory: string;
  batch: string;
  id: string;
  attempt: number;
  result: BatchResult;
  /** The session's journal, when the attempt got as far as starting one. */
  journalPath?: string;
};

/**
 * Copies an attempt's diff and journal, and writes its result, to `<results>/<batch>/<id>/attempt-<n>/`, and returns
 * that folder. The result written there names the copied diff, so it stays readable from any machine.
 */
export async function saveAttemptArtefacts(artefacts: AttemptArtefacts): Promise<string> {
  const folder = nodePath.join(
    nodePath.resolve(artefacts.resultsDirectory),
    artefacts.batch,
    artefacts.id,
    `attempt-${artefacts.attempt}`,
  );
  await mkdir(folder, { recursive: true });
  let diffPath: string | null = null;
  if (artefacts.result.diffPath !== null) {
    diffPath = nodePath.join(folder, 'diff.patch');
    await copyFile(artefacts.result.diffPath, diffPath);
  }
  if (artefacts.journalPath !== undefined) {
    await copyFile(artefacts.journalPath, nodePath.join(folder, 'journal.jsonl')).catch(() => undefined);
  }
  await writeFile(
    nodePath.join(folder, 'result.json'),
    `${JSON.stringify({ ...artefacts.result, diffPath }, null, 2)}\n`,
  );
  return folder;
}
