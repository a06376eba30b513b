import { lstat, readdir, rm } from 'node:fs/promises';
import nodePath from 'node:path';
import { isProcessAlive } from './file-lock.js';
import { git, splitNul } from './git.js';
import { removeSessionWorktree } from './git-worktree.js';
import type { SessionMeta, SessionStore } from './session-store.js';
import { alternatesEnvironment, borrowableObjects } from './shadow-repository.js';

/** Bytes a project takes in Wright's data directory. */
export type ProjectDiskUsage = {
  /** The shared shadow repository (`snapshots.git`). */
  snapshots: number;
  /** Session directories (journals, ledgers, blobs, indexes). */
  sessions: number;
  /** The project's session worktrees. */
  worktrees: number;
  total: number;
};

/** One thing `wright clean` would remove. */
export type CleanItem =
  | { kind: 'worktree'; sessionId: string; path: string; bytes: number }
  | { kind: 'branch'; branch: string; reason: 'merged' | 'abandoned' }
  | { kind: 'session'; sessionId: string; bytes: number }
  | { kind: 'temp-file'; path: string; bytes: number };

const scratchFiles = ['restore.index', 'current.index', 'base.index', 'diff.index'];
// Caches of a session that is not running, rebuilt when it runs again (the stat cache from the user's index, the
// session's own index from its checkpoint): in a large repository each is as big as the user's index.
const indexCaches = ['snapshot.index', 'session.index'];

/** Sizes of the project's data: snapshot store, sessions and worktrees. */
export async function projectDiskUsage(store: SessionStore): Promise<ProjectDiskUsage> {
  const snapshots = await directoryBytes(nodePath.join(store.projectDirectory, 'snapshots.git'));
  const sessions = await directoryBytes(nodePath.join(store.projectDirectory, 'sessions'));
  let worktrees = 0;
  for (const meta of await metas(store)) {
    if (meta.worktreePath) worktrees += await directoryBytes(meta.worktreePath);
  }
  return { snapshots, sessions, worktrees, total: snapshots + sessions + worktrees };
}

/**
 * What cleaning the project would remove: worktrees of finished sessions, `wright/*` branches that are merged into
 * HEAD or whose session is finished without a worktree (or gone), sessions finished more than `olderThanDays` ago,
 * and scratch files left in session directories. Nothing is removed here.
 */
export async function planClean(
  store: SessionStore,
  options: { olderThanDays: number; now?: number },
): Promise<CleanItem[]> {
  const items: CleanItem[] = [];
  const now = options.now ?? Date.now();
  const all = await metas(store);
  const finished = (meta: SessionMeta) => meta.status !== 'running';
  const old = (meta: SessionMeta) => now - Date.parse(meta.updated) > options.olderThanDays * 86_400_000;
  // A run killed mid-way leaves `running` behind; its process is gone, so its caches may go (nothing else: it can
  // still be resumed).
  const live = (meta: SessionMeta) =>
    meta.status === 'running' && (meta.pid === undefined || isProcessAlive(meta.pid));
  for (const meta of all) {
    const removed = finished(meta) && old(meta);
    if (removed) {
      items.push({
        kind: 'session',
        sessionId: meta.id,
        bytes: await directoryBytes(sessionPath(store, meta.id)),
      });
    }
    if (meta.worktreePath && finished(meta) && (await exists(meta.worktreePath))) {
      items.push({
        kind: 'worktree',
        sessionId: meta.id,
        path: meta.worktreePath,
        bytes: await directoryBytes(meta.worktreePath),
      });
    }
    if (removed) continue;
    for (const name of live(meta) ? scratchFiles : [...scratchFiles, ...indexCaches]) {
      const path = nodePath.join(sessionPath(store, meta.id), name);
      const info = await lstat(path).catch(() => undefined);
      if (info) items.push({ kind: 'temp-file', path, bytes: info.size });
    }
  }
  if (!store.isGitRepository) return items;
  const options_ = { cwd: store.repoRoot, check: false, userConfig: true } as const;
  const listed = await git(['branch', '--list', '--format=%(refname:short)', 'wright/*'], options_);
  const merged = new Set(
    (
      await git(['branch', '--merged', 'HEAD', '--list', '--format=%(refname:short)', 'wright/*'], options_)
    ).stdout
      .split('\n')
      .filter(Boolean),
  );
  const byBranch = new Map(all.filter((meta) => meta.branch).map((meta) => [meta.branch!, meta]));
  for (const branch of listed.stdout.split('\n').filter(Boolean)) {
    const meta = byBranch.get(branch);
    if (meta && !finished(meta)) continue;
    // A session's branch is abandoned once its worktree is gone (or is about to be) or the session is unknown.
    if (merged.has(branch)) items.push({ kind: 'branch', branch, reason: 'merged' });
    else if (!meta || finished(meta)) items.push({ kind: 'branch', branch, reason: 'abandoned' });
  }
  return items;
}

/** Removes what `planClean` listed; old sessions' checkpoints go from the shadow store too. Returns bytes freed. */
export async function applyClean(store: SessionStore, items: CleanItem[]): Promise<number> {
  let freed = 0;
  const gitDirectory = nodePath.join(store.projectDirectory, 'snapshots.git');
  const borrowed = store.isGitRepository ? await borrowableObjects(store.repoRoot) : undefined;
  const shadowEnv = { GIT_DIR: gitDirectory, ...alternatesEnvironment(borrowed) };
  let sessionsRemoved = false;
  for (const item of items) {
    if (item.kind === 'worktree') {
      await removeSessionWorktree({
        repoRoot: store.repoRoot,
        worktree: { path: item.path, branch: '' },
        keepBranch: true,
      });
      freed += item.bytes;
    } else if (item.kind === 'branch') {
      await git(['branch', '-D', '-q', item.branch], { cwd: store.repoRoot, check: false, userConfig: true });
    } else if (item.kind === 'session') {
      const refs = await git(
        ['for-each-ref', '-z', '--format=%(refname)%00', `refs/wright/${item.sessionId}/`],
        {
          cwd: store.projectDirectory,
          env: shadowEnv,
          check: false,
        },
      );
      for (const ref of splitNul(refs.stdout)) {
        await git(['update-ref', '-d', ref], { cwd: store.projectDirectory, env: shadowEnv, check: false });
      }
      await rm(sessionPath(store, item.sessionId), { recursive: true, force: true });
      freed += item.bytes;
      sessionsRemoved = true;
    } else {
      await rm(item.path, { force: true });
      freed += item.bytes;
    }
  }
  if (sessionsRemoved && (await exists(gitDirectory))) {
    // Drop what no remaining checkpoint reaches; borrowed objects are never touched (`-l`).
    const before = await directoryBytes(gitDirectory);
    const options = { cwd: store.projectDirectory, env: shadowEnv, check: false } as const;
    await git(['repack', '-a', '-d', '-l', '-q'], options);
    await git(['prune', '--expire=now'], options);
    freed += Math.max(0, before - (await directoryBytes(gitDirectory)));
  }
  return freed;
}

async function metas(store: SessionStore): Promise<SessionMeta[]> {
  const found: SessionMeta[] = [];
  for (const summary of await store.list()) {
    const meta = await store.readMeta(summary.id).catch(() => undefined);
    if (meta) found.push(meta);
  }
  return found;
}

function sessionPath(store: SessionStore, id: string): string {
  return store.sessionDirectory(id);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Total size of the files under a directory (0 when it does not exist); symlinks are not followed. */
export async function directoryBytes(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path).catch(() => [] as string[])) {
    total += await directoryBytes(nodePath.join(path, entry));
  }
  return total;
}
