import { realpath, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import type { ChangeOrigin, FileChange, PathProtection, Workspace } from '@wright/core';
import { wrightError } from '@wright/core';
import { planFileChanges, writePlannedChanges } from '@wright/core/internal';
import { type ApplyBackReport, applyPatchBack, patchFiles } from './apply-patch-back.js';
import {
  type ChangeLedger,
  createChangeLedger,
  describeFileChange,
  type LedgerChange,
  newChangeId,
} from './change-ledger.js';
import { type Checkpoint, type CheckpointDiffFile, createCheckpointStore } from './checkpoint-store.js';
import { detectRepository, seedIndex as findSeedIndex } from './detect-repository.js';
import { createSharedFileLock } from './file-lock.js';
import { createSessionWorktree, removeSessionWorktree, worktreeGit } from './git-worktree.js';
import { findJournalEvent, keepJournalEvents, readJournalLines } from './journal-file.js';
import { createSessionStore, type SessionStore } from './session-store.js';
import { borrowableObjects } from './shadow-repository.js';
import { collectExcludePatterns } from './snapshot-excludes.js';

/** Options of `openWorkspace`. */
export type OpenWorkspaceOptions = {
  /** The directory the user works in. */
  cwd: string;
  /** `in-place` edits the user's files; `worktree` works in `git worktree` on branch `wright/<session>`. */
  mode: 'in-place' | 'worktree';
  /** The session the workspace belongs to (reopening an existing session reuses its worktree). */
  sessionId: string;
  /** Wright's data directory (sessions, snapshots, worktrees). */
  dataDirectory: string;
  /** What checkpoints leave out besides ignored files. */
  snapshots?: {
    /** Files larger than this are not snapshotted; default 5 MB. */
    maxFileBytes?: number;
    /** Extra gitignore-style patterns. */
    exclude?: string[];
  };
  /** Protected paths the file tools may not change and the allow rules that open one; default core's defaults. */
  protection?: PathProtection;
};

/** The result of restoring a checkpoint. */
export type RestoreResult = {
  checkpoint: Checkpoint;
  /** True when the session journal was cut back to the checkpoint too. */
  conversationRestored: boolean;
  /** A forced restore: the checkpoint that saved the files it overwrote (restore it to get them back). */
  saved?: Checkpoint;
};

/** The runner's workspace: core's `Workspace` plus the ledger, checkpoints and the isolated-run operations. */
export type RunnerWorkspace = Workspace & {
  readonly mode: 'in-place' | 'worktree';
  /** Root the tools work in: `cwd`, or the same directory inside the worktree. */
  readonly root: string;
  /** The user's repository root (or `cwd` when it is not a repository). */
  readonly repoRoot: string;
  /** The directory checkpoints and diffs cover: the worktree, or the repository root. */
  readonly checkoutRoot: string;
  readonly isGitRepository: boolean;
  /** Worktree mode: `wright/<session>`. */
  readonly branch?: string;
  /** Worktree mode: the commit the worktree started from. */
  readonly baseCommit?: string;
  readonly sessionId: string;
  readonly sessionDirectory: string;
  readonly store: SessionStore;
  readonly ledger: ChangeLedger;
  /** The step changes are recorded under (set by the task loop at each turn start). */
  readonly step: number;
  setStep(step: number): void;
  /**
   * Records what this session changed since the last step ended (its tool changes and what its commands
   * changed) as a checkpoint of the current step; null when nothing changed.
   */
  checkpoint(journal?: Checkpoint['journal']): Promise<Checkpoint | null>;
  /**
   * Runs a command-like tool call and records the paths it changed (a stat-cached scan before and after). Waits
   * for a checkpoint still being taken first.
   */
  trackCommand<T>(origin: ChangeOrigin, work: () => Promise<T>): Promise<T>;
  /**
   * Ends a step: its checkpoint (when files changed), then the ledger's `step-end` marker holding the journal
   * position and the latest checkpoint, then `meta.steps`, as one job (nothing of the next step slips between).
   */
  endStep(step: number, journal: NonNullable<Checkpoint['journal']>): Promise<Checkpoint | null>;
  /** Puts `paths` (relative to the checkout) back to the session's latest checkpoint; returns those it changed. */
  resetPaths(paths: string[]): Promise<string[]>;
  /** Resolves once every pending write and checkpoint is done. */
  settled(): Promise<void>;
  listCheckpoints(): Promise<Checkpoint[]>;
  /**
   * The highest checkpoint step. Unlike `listCheckpoints`, it does not wait for a new session's step 0 (a scan of
   * the whole work tree, taken in the background): that session's answer is 0 at once.
   */
  latestStep(): Promise<number>;
  /** The checkpoint the session's files are at: the latest taken, or the one last restored. */
  currentCheckpoint(): Promise<Checkpoint | undefined>;
  /** Diff between two checkpoints, or from one to the current files. */
  diffCheckpoints(
    from: number,
    to: number | 'current',
  ): Promise<{ text: string; files: CheckpointDiffFile[] }>;
  /**
   * Restores the files this session changed to a checkpoint exactly; other files are never touched. Refuses
   * (a `workspace` error with `details.changedSince`) when one of them changed since the session last wrote it,
   * unless `force`, which first saves the current files as a new checkpoint. With `conversation`, the session
   * journal is cut back to the checkpoint's turn, and later checkpoints and ledger entries are forgotten.
   */
  restoreCheckpoint(
    step: number,
    options?: { conversation?: boolean; force?: boolean },
  ): Promise<RestoreResult>;
  /** The whole session's diff (binary-safe, for `git apply`): from the start state to the current files. */
  diff(): Promise<string>;
  /** Writes `diff()` to a file. */
  exportPatch(path: string): Promise<{ path: string; files: string[] }>;
  /** Worktree mode: applies the session's diff to the user's checkout, all or nothing, conflicts reported. */
  applyBack(options?: { check?: boolean }): Promise<ApplyBackReport>;
  /** Ends the workspace; `removeWorktree` deletes the worktree and its branch. */
  close(options?: { removeWorktree?: boolean }): Promise<void>;
};

const defaultMaxFileBytes = 5 * 1024 * 1024;

/** Opens (or reopens) the workspace of a session. */
export async function openWorkspace(options: OpenWorkspaceOptions): Promise<RunnerWorkspace> {
  const cwd = await realpath(options.cwd);
  const repository = await detectRepository(cwd);
  if (options.mode === 'worktree' && !repository.isGitRepository) {
    throw wrightError('workspace', `Worktree mode needs a git repository; ${cwd} is not in one.`, {
      hint: 'Run in place (without --worktree), or run `git init` first.',
    });
  }
  const store = await createSessionStore({ dataDirectory: options.dataDirectory, cwd });
  const sessionId = options.sessionId;
  const sessionDirectory = store.sessionDirectory(sessionId);
  let meta = await store.initialize(sessionId, { mode: options.mode, cwd, repoRoot: repository.repoRoot });

  let checkoutRoot = repository.repoRoot;
  let branch: string | undefined;
  let baseCommit: string | undefined;
  if (options.mode === 'worktree') {
    if (!meta.worktreePath || !meta.baseCommit || !meta.branch) {
      const worktree = await createSessionWorktree({
        repoRoot: repository.repoRoot,
        sessionId,
        dataDirectory: options.dataDirectory,
        sessionDirectory,
      });
      meta = await store.updateMeta(sessionId, {
        mode: 'worktree',
        worktreePath: worktree.path,
        branch: worktree.branch,
        baseCommit: worktree.baseCommit,
      });
    }
    checkoutRoot = await realpath(meta.worktreePath!).catch(() => {
      throw wrightError('workspace', `The worktree of session ${sessionId} (${meta.worktreePath}) is gone.`);
    });
    branch = meta.branch;
    baseCommit = meta.baseCommit;
  }
  const root = nodePath.join(checkoutRoot, repository.subdirectory);
  const toCheckoutPath = (path: string) =>
    repository.subdirectory === '' ? path : `${repository.subdirectory}/${path}`;
  const ledger = createChangeLedger(sessionDirectory);
  const borrowedObjects = repository.isGitRepository
    ? await borrowableObjects(repository.repoRoot)
    : undefined;
  // The worktree's repository is named explicitly, never discovered through its rewritable `.git` file.
  const checkoutGit =
    options.mode === 'worktree' ? await worktreeGit(repository.repoRoot, checkoutRoot) : undefined;
  const checkpoints = createCheckpointStore({
    gitDirectory: nodePath.join(store.projectDirectory, 'snapshots.git'),
    workTree: checkoutRoot,
    sessionId,
    sessionDirectory,
    ...(borrowedObjects ? { borrowedObjects } : {}),
    ...(repository.isGitRepository ? { seedIndex: () => findSeedIndex(checkoutRoot, checkoutGit) } : {}),
    maxFileBytes: options.snapshots?.maxFileBytes ?? defaultMaxFileBytes,
    excludePatterns: await collectExcludePatterns({
      ...(repository.isGitRepository ? { repoRoot: repository.repoRoot } : {}),
      workTree: checkoutRoot,
      dataDirectory: options.dataDirectory,
      exclude: options.snapshots?.exclude ?? [],
    }),
  });
  // In place, sessions share the user's work tree. What a command changed is found by comparing scans before and
  // after it, so nothing else may write there meanwhile: another session's command or tool write would be counted
  // as this command's (and undone by this session's undo). Commands, writes and restores of the project's in-place
  // sessions take the work tree's lock, which a session holds for all its own overlapping jobs at once.
  const workTreeLock =
    options.mode === 'in-place'
      ? createSharedFileLock(nodePath.join(store.projectDirectory, 'work-tree.lock'), {
          timeoutMs: 30 * 60_000,
          description: `the work tree ${checkoutRoot} (another session's command is running there)`,
        })
      : <T>(work: () => Promise<T>) => work();
  let step = meta.steps;
  let chain: Promise<void> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work);
    chain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  };
  // A new session's first checkpoint (a scan of the whole work tree) is taken in the background: it overlaps with
  // the first model request, and every write, command and checkpoint queues behind it.
  const existing = await checkpoints.list();
  const ready: Promise<void> =
    existing.length === 0
      ? serial(() => checkpoints.snapshot({ step: 0, force: true })).then(() => undefined)
      : Promise.resolve();
  ready.catch(() => undefined);

  /** The bytes `path` had before the session's first tool change of it after `afterStep` (undefined: none). */
  const originalContent = async (changes: LedgerChange[], path: string, afterStep: number) => {
    for (const change of changes) {
      if (change.step <= afterStep || change.status !== 'done') continue;
      for (const file of change.files) {
        const source = file.renamedFrom === undefined ? file.path : file.renamedFrom;
        if (toCheckoutPath(file.path) === path && file.renamedFrom !== undefined) return null;
        if (toCheckoutPath(source) !== path) continue;
        return file.before === null ? null : await ledger.readBlob(file.before);
      }
    }
    return undefined;
  };

  const snapshotStep = async (at: number, journal: Checkpoint['journal'] | undefined) =>
    checkpoints.snapshot({
      step: at,
      paths: await ledger.pendingPaths(toCheckoutPath, at),
      ...(journal ? { journal } : {}),
    });

  // In both modes the session's own record: the same task gives the same diff in place and in a worktree, and
  // what a check command leaves behind (build output) is never part of it.
  const diff = async (): Promise<string> => {
    await ready;
    const pending = await ledger.pendingPaths(toCheckoutPath);
    return (await checkpoints.diff(0, 'current', { binary: true, pending })).text;
  };

  return {
    mode: options.mode,
    root,
    repoRoot: repository.repoRoot,
    checkoutRoot,
    isGitRepository: repository.isGitRepository,
    ...(branch ? { branch } : {}),
    ...(baseCommit ? { baseCommit } : {}),
    sessionId,
    sessionDirectory,
    scratchDirectory: nodePath.join(sessionDirectory, 'outputs'),
    store,
    ledger,
    get step() {
      return step;
    },
    setStep(next) {
      step = next;
    },
    applyChanges(changes: FileChange[], origin: ChangeOrigin) {
      return serial(() =>
        workTreeLock(async () => {
          const planned = await planFileChanges(root, changes, {
            origin,
            ...(options.protection ? { protection: options.protection } : {}),
          });
          const id = newChangeId();
          for (const change of changes) {
            if (change.before) await ledger.storeBlob(change.before);
            if (change.after) await ledger.storeBlob(change.after);
          }
          const files = changes.map((change) =>
            describeFileChange(change.path, change.before, change.after, change.renamedFrom),
          );
          const { toolName, callId } = origin;
          await ledger.append({ type: 'intent', id, step, toolName, callId, time: Date.now(), files });
          try {
            await writePlannedChanges(root, planned, { tag: id });
          } catch (error) {
            await ledger.append({ type: 'failed', id, time: Date.now(), message: (error as Error).message });
            throw error;
          }
          await ledger.append({ type: 'done', id, time: Date.now() });
        }),
      );
    },
    checkpoint(journal) {
      const at = step;
      return serial(() => snapshotStep(at, journal));
    },
    endStep(at, journal) {
      return serial(async () => {
        const checkpoint = await snapshotStep(at, journal);
        const latest = checkpoint ?? (await checkpoints.position());
        const { runId, seq } = journal;
        const time = Date.now();
        await ledger.append({ type: 'step-end', step: at, runId, seq, commit: latest?.commit ?? null, time });
        await store.updateMeta(sessionId, { steps: at });
        return checkpoint;
      });
    },
    async trackCommand(origin, work) {
      await chain;
      return workTreeLock(async () => {
        const before = await checkpoints.scanWorkTree();
        try {
          return await work();
        } finally {
          const after = await checkpoints.scanWorkTree();
          const paths = before === after ? [] : await checkpoints.changedPaths(before, after);
          if (paths.length > 0) {
            const { toolName, callId } = origin;
            await ledger.append({
              type: 'observed',
              id: newChangeId(),
              step,
              toolName,
              callId,
              time: Date.now(),
              paths,
            });
          }
        }
      });
    },
    settled: () => chain.then(() => ready),
    resetPaths: (paths) => serial(() => workTreeLock(() => checkpoints.resetPaths(paths))),
    listCheckpoints: () => ready.then(() => checkpoints.list()),
    async latestStep() {
      if (existing.length === 0 && step === 0) return 0;
      return (await ready.then(() => checkpoints.list())).at(-1)?.step ?? 0;
    },
    currentCheckpoint: () => ready.then(() => checkpoints.position()),
    async diffCheckpoints(from, to) {
      await ready;
      const pending = to === 'current' ? { pending: await ledger.pendingPaths(toCheckoutPath) } : {};
      return checkpoints.diff(from, to, pending);
    },
    restoreCheckpoint(target, restoreOptions = {}) {
      return serial(async () => {
        const { changes } = await ledger.read();
        const { checkpoint, saved } = await workTreeLock(() =>
          checkpoints.restore(target, {
            ...(restoreOptions.force ? { force: true } : {}),
            originalContent: (path, afterStep) => originalContent(changes, path, afterStep),
          }),
        );
        const savedPart = saved ? { saved } : {};
        if (!restoreOptions.conversation) return { checkpoint, conversationRestored: false, ...savedPart };
        const journalPath = store.journalPath(sessionId);
        const journal = await readJournalLines(journalPath);
        const index = checkpoint.journal ? findJournalEvent(journal, checkpoint.journal) : -1;
        await keepJournalEvents(journalPath, journal, index + 1);
        await checkpoints.forgetAfter(target, saved?.step);
        await ledger.rewrite((record) => !('step' in record) || record.step <= target);
        step = target;
        await store.updateMeta(sessionId, { steps: target });
        return { checkpoint, conversationRestored: true, ...savedPart };
      });
    },
    diff,
    async exportPatch(path) {
      const text = await diff();
      await writeFile(path, text);
      return { path, files: patchFiles(text) };
    },
    async applyBack(applyOptions = {}) {
      if (options.mode !== 'worktree') {
        throw wrightError(
          'workspace',
          'Only a worktree session can be applied back; an in-place session already is.',
        );
      }
      return applyPatchBack({
        checkout: repository.repoRoot,
        patch: await diff(),
        check: applyOptions.check ?? false,
      });
    },
    async close(closeOptions = {}) {
      await chain;
      if (closeOptions.removeWorktree && options.mode === 'worktree') {
        await removeSessionWorktree({
          repoRoot: repository.repoRoot,
          worktree: { path: checkoutRoot, branch: branch! },
        });
      }
    },
  };
}
