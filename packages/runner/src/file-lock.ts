import { open, readFile, rm, stat } from 'node:fs/promises';
import { wrightError } from '@wright/core';

/** Options of `withFileLock` and `acquireFileLock`. */
export type FileLockOptions = {
  /** Give up after this long (milliseconds); default 60 s. */
  timeoutMs?: number;
  /** A lock file older than this whose owner cannot be checked is taken over; default 10 minutes. */
  staleMs?: number;
  /** What the lock guards, for the timeout error (e.g. "the work tree of /repo"); default the lock's path. */
  description?: string;
};

/**
 * Runs `work` while holding `lockPath`, a lock file created with O_EXCL (so two processes, or two calls in one
 * process, never both hold it). The file holds the owner's pid; a lock whose process is gone, or that is older than
 * `staleMs`, is stale and is taken over, so a crash never blocks later runs.
 */
export async function withFileLock<T>(
  lockPath: string,
  work: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const release = await acquireFileLock(lockPath, options);
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Takes `lockPath` (see `withFileLock`) and returns the function that releases it. */
export async function acquireFileLock(
  lockPath: string,
  options: FileLockOptions = {},
): Promise<() => Promise<void>> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const staleMs = options.staleMs ?? 600_000;
  const token = `${process.pid} ${Date.now()} ${Math.random().toString(36).slice(2)}\n`;
  let delay = 10;
  while (true) {
    const handle = await open(lockPath, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      break;
    }
    if (await isStale(lockPath, staleMs)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw wrightError(
        'workspace',
        `Timed out waiting for the lock on ${options.description ?? lockPath}.`,
        {
          hint: `Another Wright process holds it; if none is running, delete ${lockPath}.`,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
  // Only remove the lock if it is still ours (a stale takeover may have replaced it).
  return async () => {
    if ((await readFile(lockPath, 'utf8').catch(() => '')) === token) await rm(lockPath, { force: true });
  };
}

/**
 * A file lock one holder (a session's workspace) takes for many overlapping jobs: the first job takes the file,
 * jobs that start while it is held pass straight in, and the last one to finish releases it. So a session never
 * waits for itself (a command and its own writes), while another holder (another process) waits for all of them.
 */
export function createSharedFileLock(
  lockPath: string,
  options: FileLockOptions = {},
): <T>(work: () => Promise<T>) => Promise<T> {
  let holders = 0;
  let taking: Promise<() => Promise<void>> | undefined;
  return async (work) => {
    holders += 1;
    taking ??= acquireFileLock(lockPath, options);
    const current = taking;
    try {
      await current;
      return await work();
    } finally {
      holders -= 1;
      if (holders === 0 && taking === current) {
        taking = undefined;
        const release = await current.catch(() => undefined);
        await release?.();
      }
    }
  };
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  const text = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  const pid = Number(text.split(' ')[0]);
  if (Number.isInteger(pid) && pid > 0 && text.endsWith('\n')) return !isProcessAlive(pid);
  // Empty or half-written: the owner may be writing it right now, so only age makes it stale.
  const info = await stat(lockPath).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > Math.min(staleMs, 5_000);
}

/** True when a process with this id exists (on this machine). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
