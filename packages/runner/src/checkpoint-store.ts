import { access, lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import { git, splitNul } from './git.js';
import { literalPattern } from './snapshot-excludes.js';

/** A snapshot of the workspace after a step. */
export type Checkpoint = {
  /** Session-wide step number; 0 is the state before the first step. */
  step: number;
  /** Commit in the shadow repository. */
  commit: string;
  /** Its tree. */
  tree: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** Paths that differ from the previous checkpoint (all paths for the first). */
  files: string[];
  /** The journal event (`turn-end`) the checkpoint follows; restore the conversation up to and including it. */
  journal?: { runId: string; seq: number; turn: number };
};

/** A path changed between two checkpoints. */
export type CheckpointDiffFile = { path: string; status: 'added' | 'modified' | 'deleted' | 'type-changed' };

export type CheckpointStore = {
  /** The bare shadow repository. */
  readonly gitDirectory: string;
  /**
   * Snapshots the work tree as `step`. Returns null (and records nothing) when nothing changed since the latest
   * checkpoint, unless `force`.
   */
  snapshot(input: {
    step: number;
    journal?: Checkpoint['journal'];
    force?: boolean;
  }): Promise<Checkpoint | null>;
  /** Every checkpoint of the session, by step. */
  list(): Promise<Checkpoint[]>;
  /** Unified diff from checkpoint `from` to checkpoint `to` (or the current files). */
  diff(
    from: number,
    to: number | 'current',
    options?: { binary?: boolean },
  ): Promise<{ text: string; files: CheckpointDiffFile[] }>;
  /** Puts the work tree back to the checkpoint's exact bytes and modes; files created later are deleted. */
  restore(step: number): Promise<Checkpoint>;
  /** Forgets the checkpoints after `step`. */
  forgetAfter(step: number): Promise<void>;
};

export type CheckpointStoreOptions = {
  /** `<dataDirectory>/projects/<projectId>/snapshots.git`. */
  gitDirectory: string;
  /** The directory snapshotted. */
  workTree: string;
  /** Session id (names the refs). */
  sessionId: string;
  /** Directory for this session's index and exclude file. */
  sessionDirectory: string;
  /** Files larger than this are left out. */
  maxFileBytes: number;
  /** Ignore patterns besides the work tree's `.gitignore` files. */
  excludePatterns: string[];
};

const initialized = new Map<string, Promise<void>>();

/** Checkpoints in a shadow git repository: never the user's index, HEAD, refs, stash or config. */
export function createCheckpointStore(options: CheckpointStoreOptions): CheckpointStore {
  const { gitDirectory, workTree, sessionId } = options;
  const indexFile = nodePath.join(options.sessionDirectory, 'snapshot.index');
  const excludeFile = nodePath.join(options.sessionDirectory, 'snapshot.exclude');
  const refPrefix = `refs/wright/${sessionId}/`;
  const env = { GIT_DIR: gitDirectory, GIT_WORK_TREE: workTree, GIT_INDEX_FILE: indexFile };
  const shadow = (args: string[], extra: { input?: string; literal?: boolean } = {}) =>
    git(['-c', `core.excludesFile=${excludeFile}`, ...args], {
      cwd: workTree,
      env: extra.literal ? { ...env, GIT_LITERAL_PATHSPECS: '1' } : env,
      ...(extra.input !== undefined ? { input: extra.input } : {}),
    });

  /** Stages the current files into the session index (large files out) and returns the tree. */
  const stageCurrent = async (): Promise<string> => {
    await ensureRepository(gitDirectory);
    await mkdir(options.sessionDirectory, { recursive: true });
    // A crash mid-snapshot leaves the index lock behind; only this session uses this index.
    await rm(`${indexFile}.lock`, { force: true });
    await writeFile(excludeFile, toLines(options.excludePatterns));
    const listed = await shadow(['ls-files', '-z', '--others', '--modified', '--exclude-standard']);
    const large: string[] = [];
    for (const path of new Set(splitNul(listed.stdout))) {
      const info = await lstat(nodePath.join(workTree, path)).catch(() => undefined);
      if (info?.isFile() && info.size > options.maxFileBytes) large.push(path);
    }
    if (large.length > 0) {
      await writeFile(excludeFile, toLines([...options.excludePatterns, ...large.map(literalPattern)]));
      await shadow(['rm', '-q', '--cached', '--ignore-unmatch', '--', ...large], { literal: true });
    }
    await shadow(['add', '-A', '--ignore-errors']);
    return (await shadow(['write-tree'])).stdout.trim();
  };

  const list = async (): Promise<Checkpoint[]> => {
    await ensureRepository(gitDirectory);
    const output = await shadow(['for-each-ref', '--format=%(objectname)%00%(contents:body)%1e', refPrefix]);
    const checkpoints: Checkpoint[] = [];
    for (const record of output.stdout.split('\x1e')) {
      const [commit, body] = record.trim().split('\0');
      if (!commit || !body?.trim()) continue;
      checkpoints.push({ ...(JSON.parse(body.trim()) as Omit<Checkpoint, 'commit'>), commit });
    }
    return checkpoints.sort((left, right) => left.step - right.step);
  };

  const get = async (step: number): Promise<Checkpoint> => {
    const found = (await list()).find((checkpoint) => checkpoint.step === step);
    if (!found) throw wrightError('workspace', `No checkpoint for step ${step} in session ${sessionId}.`);
    return found;
  };

  const changedPaths = async (from: string, to: string): Promise<CheckpointDiffFile[]> => {
    const output = await shadow(['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to]);
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

  return {
    gitDirectory,
    async snapshot({ step, journal, force }) {
      const tree = await stageCurrent();
      const previous = (await list()).filter((checkpoint) => checkpoint.step < step).at(-1);
      if (previous && previous.tree === tree && !force) return null;
      const files = previous
        ? (await changedPaths(previous.tree, tree)).map((file) => file.path)
        : splitNul((await shadow(['ls-tree', '-r', '-z', '--name-only', tree])).stdout);
      const checkpoint: Omit<Checkpoint, 'commit'> = {
        step,
        tree,
        time: Date.now(),
        files,
        ...(journal ? { journal } : {}),
      };
      const message = `wright checkpoint ${sessionId} step ${step}\n\n${JSON.stringify(checkpoint)}\n`;
      const parent = previous ? ['-p', previous.commit] : [];
      const commit = (await shadow(['commit-tree', tree, ...parent], { input: message })).stdout.trim();
      await shadow(['update-ref', `${refPrefix}${step}`, commit]);
      return { ...checkpoint, commit };
    },
    list,
    async diff(from, to, diffOptions = {}) {
      const fromTree = (await get(from)).tree;
      const toTree = to === 'current' ? await stageCurrent() : (await get(to)).tree;
      const flags = diffOptions.binary ? ['--binary', '--full-index'] : [];
      const text = (await shadow(['diff-tree', '-p', '-r', '--no-renames', ...flags, fromTree, toTree]))
        .stdout;
      return { text, files: await changedPaths(fromTree, toTree) };
    },
    async restore(step) {
      const target = await get(step);
      await stageCurrent();
      // One-tree read-tree from an index that matches the files: writes what differs, deletes what is gone.
      await shadow(['read-tree', '--reset', '-u', target.tree]);
      return target;
    },
    async forgetAfter(step) {
      for (const checkpoint of await list()) {
        if (checkpoint.step > step) await shadow(['update-ref', '-d', `${refPrefix}${checkpoint.step}`]);
      }
    },
  };
}

/** Creates the bare shadow repository once (concurrent sessions of a project share it). */
export function ensureRepository(gitDirectory: string): Promise<void> {
  let pending = initialized.get(gitDirectory);
  if (!pending) {
    pending = initRepository(gitDirectory);
    initialized.set(gitDirectory, pending);
    pending.catch(() => initialized.delete(gitDirectory));
  }
  return pending;
}

async function initRepository(gitDirectory: string): Promise<void> {
  const ready = () =>
    access(nodePath.join(gitDirectory, 'info', 'attributes')).then(
      () => true,
      () => false,
    );
  if (await ready()) return;
  await mkdir(gitDirectory, { recursive: true });
  const result = await git(['init', '--bare', '-q', gitDirectory], { cwd: gitDirectory, check: false });
  if (result.exitCode !== 0 && !(await ready())) {
    throw wrightError(
      'workspace',
      `Could not create the snapshot repository ${gitDirectory}: ${result.stderr.trim()}`,
    );
  }
  await mkdir(nodePath.join(gitDirectory, 'info'), { recursive: true });
  // Highest-precedence attributes: no eol conversion or filters, so snapshots keep the exact bytes.
  await writeFile(
    nodePath.join(gitDirectory, 'info', 'attributes'),
    '* -text -filter -ident -working-tree-encoding\n',
  );
}

function toLines(patterns: string[]): string {
  return patterns.map((pattern) => `${pattern}\n`).join('');
}
