import { copyFile, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import type { SeedIndex } from './detect-repository.js';
import { git, splitNul } from './git.js';
import {
  alternatesEnvironment,
  copyBorrowedObjects,
  ensureRepository,
  treeObjects,
} from './shadow-repository.js';
import { blobId, currentEntries, parseTreeEntries, removeWorkTreeFile } from './work-tree-entries.js';
import { createWorkTreeScanner } from './work-tree-scanner.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** A snapshot of what the session had done after a step. */
export type Checkpoint = {
  /** Session-wide step number; 0 is the state before the first step. */
  step: number;
  /** Commit in the shadow repository. */
  commit: string;
  /**
   * Its tree: the files at the session's start, with every path this session changed (up to this step) as the
   * session left it. Changes others made (the user, another session) are not in it.
   */
  tree: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** Paths this session changed since the previous checkpoint (empty for step 0). */
  files: string[];
  /** The journal event (`turn-end`) the checkpoint follows; restore the conversation up to and including it. */
  journal?: { runId: string; seq: number; turn: number };
  /** True for the files a forced undo saved before overwriting them. */
  saved?: boolean;
};

/** A path changed between two checkpoints. */
export type CheckpointDiffFile = { path: string; status: 'added' | 'modified' | 'deleted' | 'type-changed' };

export type CheckpointStore = {
  /** The bare shadow repository. */
  readonly gitDirectory: string;
  /**
   * Brings the store's stat-cached view of the whole work tree up to date (the cost of a `git status`) and
   * returns its tree. Comparing two scans tells what changed in between.
   */
  scanWorkTree(): Promise<string>;
  /** Paths that differ between two trees. */
  changedPaths(fromTree: string, toTree: string): Promise<string[]>;
  /**
   * Records `paths` (the paths this session changed in the step) as they are now, as checkpoint `step`; the
   * first checkpoint holds the whole work tree. Returns null (and records nothing) when nothing changed, unless
   * `force`.
   */
  snapshot(input: {
    step: number;
    paths?: string[];
    journal?: Checkpoint['journal'];
    force?: boolean;
    saved?: boolean;
  }): Promise<Checkpoint | null>;
  /** Every checkpoint of the session, by step. */
  list(): Promise<Checkpoint[]>;
  /** The checkpoint the session's files are at (the latest one taken or restored). */
  position(): Promise<Checkpoint | undefined>;
  /**
   * Unified diff from checkpoint `from` to checkpoint `to`, or to `current`: the session's position plus the
   * current content of `pending` (paths the session changed since its last checkpoint). Renames show as renames in
   * the text; `files` lists every path on its own (a rename's old path as deleted, its new one as added).
   */
  diff(
    from: number,
    to: number | 'current',
    options?: { binary?: boolean; pending?: string[] },
  ): Promise<{ text: string; files: CheckpointDiffFile[] }>;
  /**
   * Puts back the exact bytes and modes the session's files had at `step`, touching only paths this session
   * changed. When one of them was changed since the session last wrote it, nothing is written and a `workspace`
   * error with `details.changedSince` (the paths) is thrown, unless `force`: then the current files are first
   * saved as a new checkpoint (`saved`), so the forced restore can itself be undone.
   */
  restore(
    step: number,
    options?: {
      force?: boolean;
      /**
       * Going back: the exact bytes a path had just before the session first changed it after `afterStep` (null:
       * no file), or undefined when unknown. When they differ from the checkpoint's (someone changed the file
       * before the session did), they win, so that earlier change of theirs is kept.
       */
      originalContent?: (path: string, afterStep: number) => Promise<Uint8Array | null | undefined>;
    },
  ): Promise<{ checkpoint: Checkpoint; saved?: Checkpoint }>;
  /** Puts `paths` back to the session's position (crash repair of an interrupted step's commands). */
  resetPaths(paths: string[]): Promise<string[]>;
  /** Forgets the checkpoints after `step` (except the one numbered `keep`). */
  forgetAfter(step: number, keep?: number): Promise<void>;
};

export type CheckpointStoreOptions = {
  /** `<dataDirectory>/projects/<projectId>/snapshots.git`. */
  gitDirectory: string;
  /** The directory snapshotted. */
  workTree: string;
  /** Session id (names the refs). */
  sessionId: string;
  /** Directory for this session's indexes and exclude file. */
  sessionDirectory: string;
  /** Files larger than this are left out. */
  maxFileBytes: number;
  /** Ignore patterns besides the work tree's `.gitignore` files. */
  excludePatterns: string[];
  /** The user's object directory, borrowed read-only through git alternates (absent outside git). */
  borrowedObjects?: string;
  /** An index of the work tree (the user's) whose stat cache the first scan starts from. Finds the seed (called once, by the first scan, in the background). */
  seedIndex?: () => Promise<SeedIndex | undefined>;
};

/** Checkpoints in a shadow git repository: never the user's index, HEAD, refs, stash or config. */
export function createCheckpointStore(options: CheckpointStoreOptions): CheckpointStore {
  const { gitDirectory, workTree, sessionId, sessionDirectory, borrowedObjects } = options;
  const sessionIndex = nodePath.join(sessionDirectory, 'session.index');
  const positionFile = nodePath.join(sessionDirectory, 'snapshot.position');
  const refPrefix = `refs/wright/${sessionId}/`;
  const scanner = createWorkTreeScanner(options);
  const run = (args: string[], extra: { input?: string; index?: string } = {}) =>
    git(['--literal-pathspecs', ...args], {
      cwd: workTree,
      env: {
        GIT_DIR: gitDirectory,
        GIT_WORK_TREE: workTree,
        GIT_INDEX_FILE: extra.index ?? sessionIndex,
        ...alternatesEnvironment(borrowedObjects),
      },
      ...(extra.input !== undefined ? { input: extra.input } : {}),
    });

  const list = async (): Promise<Checkpoint[]> => {
    await ensureRepository(gitDirectory);
    const output = await run(['for-each-ref', '--format=%(objectname)%00%(contents:body)%1e', refPrefix]);
    const checkpoints: Checkpoint[] = [];
    for (const record of output.stdout.split('\x1e')) {
      const [commit, body] = record.trim().split('\0');
      if (!commit || !body?.trim()) continue;
      checkpoints.push({ ...(JSON.parse(body.trim()) as Omit<Checkpoint, 'commit'>), commit });
    }
    return checkpoints.sort((left, right) => left.step - right.step);
  };

  const positionIn = async (checkpoints: Checkpoint[]): Promise<Checkpoint | undefined> => {
    const text = await readFile(positionFile, 'utf8').catch(() => '');
    const step = Number(text.trim());
    const found = text.trim() === '' ? undefined : checkpoints.find((checkpoint) => checkpoint.step === step);
    return found ?? checkpoints.at(-1);
  };
  const setPosition = (step: number) => writeFileAtomic(positionFile, `${step}\n`);

  const get = async (step: number): Promise<Checkpoint> => {
    const found = (await list()).find((checkpoint) => checkpoint.step === step);
    if (!found) throw wrightError('workspace', `No checkpoint for step ${step} in session ${sessionId}.`);
    return found;
  };

  const changedFiles = async (from: string, to: string): Promise<CheckpointDiffFile[]> => {
    const output = await run(['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to]);
    const fields = splitNul(output.stdout);
    const files: CheckpointDiffFile[] = [];
    for (let index = 0; index + 1 < fields.length; index += 2) {
      const letter = fields[index]![0];
      const status =
        letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : letter === 'T' ? 'type-changed' : 'modified';
      files.push({ path: fields[index + 1]!, status });
    }
    return files;
  };
  const changedPaths = async (from: string, to: string) =>
    (await changedFiles(from, to)).map((file) => file.path);

  /** The files that differ between two trees, and the objects `to` has there that `from` has not. */
  const treeChanges = async (from: string, to: string) => {
    const output = await run(['diff-tree', '-r', '-t', '-z', '--no-renames', from, to]);
    const fields = splitNul(output.stdout);
    const files: string[] = [];
    const added: string[] = [];
    for (let index = 0; index + 1 < fields.length; index += 2) {
      // `:<old mode> <new mode> <old id> <new id> <status>`, then the path.
      const [oldMode, newMode, , newId] = fields[index]!.slice(1).split(' ');
      if (newId && !/^0+$/.test(newId)) added.push(newId);
      if (oldMode !== '040000' && newMode !== '040000') files.push(fields[index + 1]!);
    }
    return { files, added };
  };

  const entriesOf = async (tree: string, paths: string[]): Promise<Map<string, string>> => {
    const entries = new Map<string, string>();
    for (let index = 0; index < paths.length; index += 500) {
      const chunk = paths.slice(index, index + 500);
      const output = await run(['ls-tree', '-r', '-z', '--full-tree', tree, '--', ...chunk]);
      const wanted = new Set(chunk);
      for (const [path, entry] of parseTreeEntries(output.stdout))
        if (wanted.has(path)) entries.set(path, entry);
    }
    return entries;
  };

  /** The session index holds the position's tree (a crash mid-snapshot may have left it ahead). */
  const alignSessionIndex = async (tree: string) => {
    await rm(`${sessionIndex}.lock`, { force: true });
    const current = await run(['write-tree']).catch(() => undefined);
    if (current?.stdout.trim() !== tree) await run(['read-tree', tree]);
  };

  /** Stages the current content of `paths` into the session index (ignored and large files left out). */
  const stagePaths = async (paths: string[]) => {
    const kept = await scanner.keepSnapshotted(paths, sessionIndex);
    if (kept.length === 0) return;
    await run(['update-index', '--add', '--remove', '--replace', '-z', '--stdin'], {
      input: `${kept.join('\0')}\0`,
    });
  };

  const record = async (
    checkpoints: Checkpoint[],
    fields: Omit<Checkpoint, 'commit' | 'time'>,
  ): Promise<Checkpoint> => {
    const checkpoint: Omit<Checkpoint, 'commit'> = { ...fields, time: Date.now() };
    const message = `wright checkpoint ${sessionId} step ${fields.step}\n\n${JSON.stringify(checkpoint)}\n`;
    const parent = checkpoints.at(-1);
    const commit = (
      await run(['commit-tree', fields.tree, ...(parent ? ['-p', parent.commit] : [])], { input: message })
    ).stdout.trim();
    await run(['update-ref', `${refPrefix}${fields.step}`, commit]);
    await setPosition(fields.step);
    return { ...checkpoint, commit };
  };

  /** Writes the entries `target` has for `paths` into the work tree; paths it lacks are deleted. */
  const writePaths = async (target: string, paths: string[]) => {
    const entries = await entriesOf(target, paths);
    const scratchIndex = nodePath.join(sessionDirectory, 'restore.index');
    await rm(scratchIndex, { force: true });
    try {
      const present = paths.filter((path) => entries.has(path));
      for (const path of paths) if (!entries.has(path)) await removeWorkTreeFile(workTree, path);
      if (present.length === 0) return;
      const lines = present.map((path) => `${entries.get(path)!.replace(' ', ' blob ')}\t${path}`);
      await run(['update-index', '-z', '--index-info'], {
        input: `${lines.join('\0')}\0`,
        index: scratchIndex,
      });
      for (const path of present) await removeIfDirectory(workTree, path);
      await run(['checkout-index', '-f', '-z', '--stdin'], {
        input: `${present.join('\0')}\0`,
        index: scratchIndex,
      });
    } finally {
      await rm(scratchIndex, { force: true });
    }
  };

  /** Writes each path's original bytes where they differ from `tree`'s entry (a change made before the session's). */
  const keepEarlierChanges = async (
    tree: string,
    paths: string[],
    original: (path: string) => Promise<Uint8Array | null | undefined>,
  ) => {
    const entries = await entriesOf(tree, paths);
    for (const path of paths) {
      const content = await original(path);
      if (content === undefined) continue;
      const entry = entries.get(path);
      if (content === null ? entry === undefined : entry?.endsWith(` ${blobId(content)}`)) continue;
      if (content === null) {
        await removeWorkTreeFile(workTree, path);
        continue;
      }
      const absolute = nodePath.join(workTree, path);
      await mkdir(nodePath.dirname(absolute), { recursive: true });
      await rm(absolute, { force: true });
      await writeFile(absolute, content, { mode: entry?.startsWith('100755') ? 0o755 : 0o644 });
    }
  };

  /** Paths whose current state differs from `tree`'s. */
  const differing = async (tree: string, paths: string[]) => {
    const expected = await entriesOf(tree, paths);
    const current = await currentEntries(workTree, paths);
    return paths.filter((path) => (expected.get(path) ?? null) !== current.get(path));
  };

  /** The position's tree with `pending` staged as they are now, in a scratch index (nothing is recorded). */
  const currentTree = async (pending: string[]) => {
    const position = (await positionIn(await list()))!;
    if (pending.length === 0) return position.tree;
    const scratchIndex = nodePath.join(sessionDirectory, 'current.index');
    await rm(scratchIndex, { force: true });
    try {
      await run(['read-tree', position.tree], { index: scratchIndex });
      const kept = await scanner.keepSnapshotted(pending, scratchIndex);
      if (kept.length > 0) {
        await run(['update-index', '--add', '--remove', '--replace', '-z', '--stdin'], {
          input: `${kept.join('\0')}\0`,
          index: scratchIndex,
        });
      }
      return (await run(['write-tree'], { index: scratchIndex })).stdout.trim();
    } finally {
      await rm(scratchIndex, { force: true });
    }
  };

  const snapshot: CheckpointStore['snapshot'] = async ({ step, paths = [], journal, force, saved }) => {
    await ensureRepository(gitDirectory);
    await mkdir(sessionDirectory, { recursive: true });
    const checkpoints = await list();
    const base = await positionIn(checkpoints);
    const extra = { ...(journal ? { journal } : {}), ...(saved ? { saved } : {}) };
    if (!base) {
      // The first checkpoint: the whole work tree, from the scanner's stat-cached (and borrowed) view.
      const tree = await scanner.scan();
      await copyFile(scanner.indexFile, sessionIndex);
      await copyBorrowedObjects({
        gitDirectory,
        borrowedObjects,
        objectIds: await treeObjects(gitDirectory, borrowedObjects, tree),
      });
      return record(checkpoints, { step, tree, files: [], ...extra });
    }
    await alignSessionIndex(base.tree);
    await stagePaths(paths);
    const tree = (await run(['write-tree'])).stdout.trim();
    if (tree === base.tree && !force) return null;
    // One comparison gives the changed files and every new object (blobs and the trees along their paths).
    const { files, added } = await treeChanges(base.tree, tree);
    // Everything a restore of this checkpoint reads must be in the shadow store itself: the new objects, and the
    // session-start versions of the changed paths (the user's gc may drop borrowed ones later).
    const start = checkpoints[0]!;
    const startEntries = await entriesOf(start.tree, files);
    await copyBorrowedObjects({
      gitDirectory,
      borrowedObjects,
      objectIds: [...added, ...[...startEntries.values()].map((entry) => entry.split(' ')[1]!)],
    });
    return record(checkpoints, { step, tree, files, ...extra });
  };

  return {
    gitDirectory,
    scanWorkTree: () => ensureRepository(gitDirectory).then(() => scanner.scan()),
    changedPaths,
    snapshot,
    list,
    position: async () => positionIn(await list()),
    async diff(from, to, diffOptions = {}) {
      const fromTree = (await get(from)).tree;
      const toTree = to === 'current' ? await currentTree(diffOptions.pending ?? []) : (await get(to)).tree;
      const flags = diffOptions.binary ? ['--binary', '--full-index'] : [];
      // Renames show as renames (exact and similar ones, git's 50% default); `git apply` and `wright apply` take
      // them back exactly. Restores never read this text: they compare trees path by path.
      const text = (await run(['diff-tree', '-p', '-r', '-M', ...flags, fromTree, toTree])).stdout;
      return { text, files: await changedFiles(fromTree, toTree) };
    },
    async restore(step, restoreOptions = {}) {
      const checkpoints = await list();
      const target = checkpoints.find((checkpoint) => checkpoint.step === step);
      if (!target) throw wrightError('workspace', `No checkpoint for step ${step} in session ${sessionId}.`);
      let base = (await positionIn(checkpoints))!;
      let paths = await changedPaths(target.tree, base.tree);
      const changedSince = await differing(base.tree, paths);
      let saved: Checkpoint | undefined;
      if (changedSince.length > 0) {
        if (!restoreOptions.force) {
          throw wrightError(
            'workspace',
            `${changedSince.length} file(s) changed since session ${sessionId} last wrote them: ${changedSince.join(', ')}.`,
            { details: { changedSince, sessionId } },
          );
        }
        const nextStep = Math.max(...checkpoints.map((checkpoint) => checkpoint.step)) + 1;
        saved =
          (await snapshot({
            step: nextStep,
            paths: changedSince,
            ...(base.journal ? { journal: base.journal } : {}),
            force: true,
            saved: true,
          })) ?? undefined;
        base = saved!;
        paths = await changedPaths(target.tree, base.tree);
        // A file the snapshot leaves out (too large, ignored) could not be saved: never overwrite it.
        const unsaved = await differing(base.tree, paths);
        if (unsaved.length > 0) {
          throw wrightError(
            'workspace',
            `Cannot save ${unsaved.join(', ')} before undoing (too large or ignored); move it away first.`,
            { details: { changedSince: unsaved, sessionId } },
          );
        }
      }
      await writePaths(target.tree, paths);
      if (restoreOptions.originalContent && step < base.step) {
        await keepEarlierChanges(target.tree, paths, (path) => restoreOptions.originalContent!(path, step));
      }
      await alignSessionIndex(target.tree);
      await setPosition(step);
      return { checkpoint: target, ...(saved ? { saved } : {}) };
    },
    async resetPaths(paths) {
      const base = await positionIn(await list());
      if (!base || paths.length === 0) return [];
      const changed = await differing(base.tree, paths);
      await writePaths(base.tree, changed);
      return changed;
    },
    async forgetAfter(step, keep) {
      const checkpoints = await list();
      for (const checkpoint of checkpoints) {
        if (checkpoint.step > step && checkpoint.step !== keep)
          await run(['update-ref', '-d', `${refPrefix}${checkpoint.step}`]);
      }
      const position = await positionIn(checkpoints);
      if (position && position.step > step) await setPosition(step);
    },
  };
}

async function removeIfDirectory(workTree: string, path: string): Promise<void> {
  // A directory where the checkpoint has a file: only an empty one is removed (never anyone's files).
  await rmdir(nodePath.join(workTree, path)).catch(() => undefined);
}
