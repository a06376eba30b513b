import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import { createTwoFilesPatch } from 'diff';
import { writeFileAtomic } from './write-file-atomic.js';

/** One file of a recorded change. Hashes are sha256 hex of the bytes; null means the file does not exist. */
export type LedgerFile = {
  /** Workspace-relative path (forward slashes). */
  path: string;
  /** For a rename: the old path (whose `before` content it had). */
  renamedFrom?: string;
  /** sha256 of the content before the change. */
  before: string | null;
  /** sha256 of the content after the change. */
  after: string | null;
  /** The change as a unified diff; null for binary content. */
  hunks: string | null;
  /** True when either side is not text. */
  binary: boolean;
};

/** A line of `ledger.jsonl`. */
export type LedgerRecord =
  /** Written (with both sides' blobs) before any file is touched. */
  | {
      type: 'intent';
      id: string;
      step: number;
      toolName: string;
      callId: string;
      time: number;
      files: LedgerFile[];
    }
  /** The intent's files were all written. */
  | { type: 'done'; id: string; time: number }
  /** Writing failed and was rolled back. */
  | { type: 'failed'; id: string; time: number; message: string }
  /** Crash repair (or an undo) put the files back to their `before` content. */
  | { type: 'reverted'; id: string; time: number }
  /**
   * Paths (relative to the checkout root) that changed while a command of this session ran, found by comparing
   * work-tree scans before and after it.
   */
  | {
      type: 'observed';
      id: string;
      step: number;
      toolName: string;
      callId: string;
      time: number;
      paths: string[];
    }
  /** The runner finished a step: the journal position of its `turn-end` and the checkpoint after it. */
  | { type: 'step-end'; step: number; runId: string; seq: number; commit: string | null; time: number };

/** An intent folded with its outcome. */
export type LedgerChange = Extract<LedgerRecord, { type: 'intent' }> & {
  /** `pending` means the process died between intent and outcome. */
  status: 'pending' | 'done' | 'failed' | 'reverted';
};

/** A step-end marker. */
export type LedgerStepEnd = Extract<LedgerRecord, { type: 'step-end' }>;

/** A command's observed changes. */
export type LedgerObserved = Extract<LedgerRecord, { type: 'observed' }>;

export type ChangeLedger = {
  /** `<sessionDirectory>/ledger.jsonl`. */
  readonly path: string;
  /** Stores content under its sha256 (in `<sessionDirectory>/blobs/`) and returns the hash. */
  storeBlob(content: Uint8Array): Promise<string>;
  readBlob(hash: string): Promise<Buffer>;
  /** Appends one record (records are written in call order). */
  append(record: LedgerRecord): Promise<void>;
  /** Every record folded: changes in order, the step-end markers and the command observations not reverted. */
  read(): Promise<{ changes: LedgerChange[]; stepEnds: LedgerStepEnd[]; observed: LedgerObserved[] }>;
  /**
   * Paths the session changed (tool changes and command observations) since the last step-end marker; tool
   * changes' workspace-relative paths are mapped by `fromWorkspacePath` (observed paths are already relative to
   * the checkout). With `upToStep`, records of later steps are left out.
   */
  pendingPaths(fromWorkspacePath: (path: string) => string, upToStep?: number): Promise<string[]>;
  /** Rewrites the file keeping only the records `keep` accepts (used when history is truncated). */
  rewrite(keep: (record: LedgerRecord) => boolean): Promise<void>;
};

export function createChangeLedger(sessionDirectory: string): ChangeLedger {
  const path = nodePath.join(sessionDirectory, 'ledger.jsonl');
  const blobDirectory = nodePath.join(sessionDirectory, 'blobs');
  let chain: Promise<void> = Promise.resolve();
  const serial = (work: () => Promise<void>) => {
    const next = chain.then(work);
    chain = next.catch(() => undefined);
    return next;
  };
  const readRecords = async (): Promise<LedgerRecord[]> => {
    const text = await readFile(path, 'utf8').catch(() => '');
    const records: LedgerRecord[] = [];
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        records.push(JSON.parse(line) as LedgerRecord);
      } catch {
        // Only a line cut off by a crash may be unreadable.
        if (index !== lines.length - 1)
          throw wrightError('session', `Ledger ${path} line ${index + 1} is unreadable.`);
      }
    });
    return records;
  };
  return {
    path,
    async storeBlob(content) {
      const hash = sha256(content);
      const blobPath = nodePath.join(blobDirectory, hash);
      await mkdir(blobDirectory, { recursive: true });
      await writeFile(blobPath, content, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      return hash;
    },
    readBlob: (hash) => readFile(nodePath.join(blobDirectory, hash)),
    append(record) {
      return serial(async () => {
        await mkdir(sessionDirectory, { recursive: true });
        await appendFile(path, `${JSON.stringify(record)}\n`);
      });
    },
    async read() {
      const changes: LedgerChange[] = [];
      const byId = new Map<string, LedgerChange>();
      const stepEnds: LedgerStepEnd[] = [];
      const observed = new Map<string, LedgerObserved>();
      for (const record of await readRecords()) {
        if (record.type === 'observed') {
          observed.set(record.id, record);
        } else if (record.type === 'reverted' && observed.has(record.id)) {
          observed.delete(record.id);
        } else if (record.type === 'intent') {
          const change: LedgerChange = { ...record, status: 'pending' };
          changes.push(change);
          byId.set(record.id, change);
        } else if (record.type === 'step-end') {
          stepEnds.push(record);
        } else {
          const change = byId.get(record.id);
          if (change) change.status = record.type;
        }
      }
      return { changes, stepEnds, observed: [...observed.values()] };
    },
    async pendingPaths(fromWorkspacePath, upToStep = Number.POSITIVE_INFINITY) {
      let paths = new Set<string>();
      for (const record of await readRecords()) {
        if (record.type === 'step-end') paths = new Set();
        if ('step' in record && record.step > upToStep) continue;
        if (record.type === 'observed') for (const path of record.paths) paths.add(path);
        if (record.type !== 'intent') continue;
        for (const file of record.files) {
          paths.add(fromWorkspacePath(file.path));
          if (file.renamedFrom !== undefined) paths.add(fromWorkspacePath(file.renamedFrom));
        }
      }
      return [...paths];
    },
    rewrite(keep) {
      return serial(async () => {
        const records = await readRecords();
        const kept = records.filter(keep);
        await writeFileAtomic(path, kept.map((record) => `${JSON.stringify(record)}\n`).join(''));
      });
    },
  };
}

/** A fresh ledger entry id (also tags the temp files of its writes). */
export function newChangeId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Describes one file change for the ledger: hashes and a unified diff (null when binary). */
export function describeFileChange(
  path: string,
  before: Uint8Array | null,
  after: Uint8Array | null,
  renamedFrom?: string,
): LedgerFile {
  const beforeText = before === null ? '' : asText(before);
  const afterText = after === null ? '' : asText(after);
  const binary = beforeText === undefined || afterText === undefined;
  const hunks = binary
    ? null
    : createTwoFilesPatch(
        before === null ? '/dev/null' : `a/${renamedFrom ?? path}`,
        after === null ? '/dev/null' : `b/${path}`,
        beforeText,
        afterText,
        undefined,
        undefined,
        { context: 3 },
      );
  return {
    path,
    ...(renamedFrom !== undefined ? { renamedFrom } : {}),
    before: before === null ? null : sha256(before),
    after: after === null ? null : sha256(after),
    hunks,
    binary,
  };
}

/** The content as UTF-8 text, or undefined when it holds NUL bytes or is not valid UTF-8. */
export function asText(content: Uint8Array): string | undefined {
  if (content.subarray(0, 8000).includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
}
