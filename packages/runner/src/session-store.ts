import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import { detectRepository } from './detect-repository.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Where a session's run stands. */
export type SessionStatus = 'created' | 'running' | 'done' | 'stopped' | 'failed';

/** `meta.json` of a session. */
export type SessionMeta = {
  /** Sortable id: UTC timestamp plus random suffix, e.g. `20250612-143001-k3x9ab`. */
  id: string;
  /** ISO time the session was created. */
  created: string;
  /** ISO time of the last change to this file. */
  updated: string;
  /** First line of the first prompt ('' until a run starts). */
  title: string;
  status: SessionStatus;
  /** The process that runs (or, when it was killed, ran) the session; set when a run starts. */
  pid?: number;
  /** The last run's stop reason (`done`, `max-steps`, ..., or `check-failed`). */
  reason?: string;
  /** Workspace mode of the session. */
  mode?: 'in-place' | 'worktree';
  /** The directory the session was started in (realpath). */
  cwd?: string;
  /** The repository (or plain directory) root the session belongs to. */
  repoRoot?: string;
  /** Worktree mode: absolute path of the worktree. */
  worktreePath?: string;
  /** Worktree mode: the branch, `wright/<id>`. */
  branch?: string;
  /** Worktree mode: the commit the worktree started from (HEAD plus the user's uncommitted work). */
  baseCommit?: string;
  /** Steps (model turns) over all runs of the session. */
  steps: number;
  /** The last check result, when a check ran. */
  check?: { command: string; passed: boolean; rounds: number };
};

/** A row of `list()`. */
export type SessionSummary = Pick<
  SessionMeta,
  'id' | 'created' | 'updated' | 'title' | 'status' | 'reason' | 'steps' | 'mode' | 'branch'
>;

export type SessionStore = {
  /** Short sha256 of the project root's realpath. */
  readonly projectId: string;
  /** `<dataDirectory>/projects/<projectId>`. */
  readonly projectDirectory: string;
  /** The repository root (or the directory itself when it is not a repository). */
  readonly repoRoot: string;
  /** True when `cwd` is inside a git repository. */
  readonly isGitRepository: boolean;
  sessionDirectory(id: string): string;
  /** `<sessionDirectory>/journal.jsonl`. */
  journalPath(id: string): string;
  /** Creates a session directory with its meta.json and returns the new id. */
  create(initial?: Partial<Omit<SessionMeta, 'id' | 'created' | 'updated'>>): Promise<string>;
  /** Creates the directory and meta.json of session `id` unless they exist; returns the meta. */
  initialize(
    id: string,
    initial?: Partial<Omit<SessionMeta, 'id' | 'created' | 'updated'>>,
  ): Promise<SessionMeta>;
  readMeta(id: string): Promise<SessionMeta>;
  /** Merges `patch` into meta.json (atomically) and returns the result. */
  updateMeta(id: string, patch: Partial<Omit<SessionMeta, 'id' | 'created'>>): Promise<SessionMeta>;
  /** Every session of the project, newest first. */
  list(): Promise<SessionSummary[]>;
  /** `last` (most recently updated) or a unique id prefix; throws a `session` error otherwise. */
  resolve(reference: string): Promise<string>;
};

/** Opens the session store of the project that contains `cwd`. */
export async function createSessionStore(options: {
  dataDirectory: string;
  cwd: string;
}): Promise<SessionStore> {
  const repository = await detectRepository(options.cwd);
  const projectId = createHash('sha256').update(repository.repoRoot).digest('hex').slice(0, 16);
  const projectDirectory = nodePath.join(nodePath.resolve(options.dataDirectory), 'projects', projectId);
  const sessionsDirectory = nodePath.join(projectDirectory, 'sessions');
  const sessionDirectory = (id: string) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw wrightError('session', `Invalid session id "${id}".`);
    return nodePath.join(sessionsDirectory, id);
  };
  const metaPath = (id: string) => nodePath.join(sessionDirectory(id), 'meta.json');

  const readMeta = async (id: string): Promise<SessionMeta> => {
    try {
      return JSON.parse(await readFile(metaPath(id), 'utf8')) as SessionMeta;
    } catch (error) {
      throw wrightError('session', `Session ${id} not found or unreadable: ${(error as Error).message}`);
    }
  };

  const initialize = async (id: string, initial: Partial<SessionMeta> = {}): Promise<SessionMeta> => {
    const existing = await readMeta(id).catch(() => undefined);
    if (existing) return existing;
    const now = new Date().toISOString();
    await mkdir(sessionDirectory(id), { recursive: true });
    const meta: SessionMeta = {
      title: '',
      status: 'created',
      steps: 0,
      ...initial,
      id,
      created: now,
      updated: now,
    };
    await writeFileAtomic(metaPath(id), `${JSON.stringify(meta, null, 2)}\n`);
    return meta;
  };

  const list = async (): Promise<SessionSummary[]> => {
    const names = await readdir(sessionsDirectory).catch(() => [] as string[]);
    const rows: SessionSummary[] = [];
    for (const name of names) {
      const meta = await readMeta(name).catch(() => undefined);
      if (!meta) continue;
      const { id, created, updated, title, status, reason, steps, mode, branch } = meta;
      rows.push({ id, created, updated, title, status, reason, steps, mode, branch });
    }
    return rows.sort((left, right) => (left.id < right.id ? 1 : -1));
  };

  return {
    projectId,
    projectDirectory,
    repoRoot: repository.repoRoot,
    isGitRepository: repository.isGitRepository,
    sessionDirectory,
    journalPath: (id) => nodePath.join(sessionDirectory(id), 'journal.jsonl'),
    async create(initial = {}) {
      const id = newSessionId();
      await initialize(id, initial);
      return id;
    },
    initialize,
    readMeta,
    async updateMeta(id, patch) {
      const meta = { ...(await readMeta(id)), ...patch, updated: new Date().toISOString() };
      await writeFileAtomic(metaPath(id), `${JSON.stringify(meta, null, 2)}\n`);
      return meta;
    },
    list,
    async resolve(reference) {
      const sessions = await list();
      if (reference === 'last') {
        const latest = [...sessions].sort((left, right) => (left.updated < right.updated ? 1 : -1))[0];
        if (!latest) throw wrightError('session', 'There is no session in this project yet.');
        return latest.id;
      }
      const matches = sessions.filter((session) => session.id.startsWith(reference));
      if (matches.length === 1) return matches[0]!.id;
      if (matches.length === 0) throw wrightError('session', `No session matches "${reference}".`);
      throw wrightError(
        'session',
        `"${reference}" matches ${matches.length} sessions; give more of the id.`,
        {
          details: { matches: matches.map((session) => session.id) },
        },
      );
    },
  };
}

/** `YYYYMMDD-HHMMSS-<6 random base36>`: sorts by creation time. */
export function newSessionId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = Array.from(randomBytes(6), (byte) => (byte % 36).toString(36)).join('');
  return `${stamp}-${suffix}`;
}
