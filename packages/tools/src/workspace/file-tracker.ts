import { createHash } from 'node:crypto';

/**
 * Remembers what the model last saw of each file, so an edit based on a stale read is refused instead of
 * overwriting someone else's change.
 */
export type FileTracker = {
  /** Records the content read_file returned (call after a read). */
  recordRead(relativePath: string, content: Uint8Array): void;
  /** Records the content we wrote ourselves (null after a delete), so our own writes never look stale. */
  recordWrite(relativePath: string, content: Uint8Array | null): void;
  /**
   * Undefined when the file is as last read or written (or was never read); otherwise a message for the model,
   * e.g. "src/a.ts changed on disk since you last read it (at 12:00:01); read it again before editing".
   */
  checkFresh(relativePath: string, current: Uint8Array | null): string | undefined;
};

type Entry = { hash: string | null; at: Date; how: 'read' | 'wrote' };

/** Creates an in-memory FileTracker keyed by workspace-relative path. */
export function createFileTracker(): FileTracker {
  const entries = new Map<string, Entry>();
  return {
    recordRead(relativePath, content) {
      entries.set(relativePath, { hash: hashOf(content), at: new Date(), how: 'read' });
    },
    recordWrite(relativePath, content) {
      entries.set(relativePath, { hash: hashOf(content), at: new Date(), how: 'wrote' });
    },
    checkFresh(relativePath, current) {
      const entry = entries.get(relativePath);
      if (entry === undefined) return undefined;
      if (entry.hash === hashOf(current)) return undefined;
      const when = entry.at.toISOString().slice(11, 19);
      const verb = entry.hash !== null && current === null ? 'was deleted' : 'changed on disk';
      const since = entry.how === 'read' ? 'you last read it' : 'you last wrote it';
      return `${relativePath} ${verb} since ${since} (at ${when} UTC); read it again before editing.`;
    },
  };
}

function hashOf(content: Uint8Array | null): string | null {
  if (content === null) return null;
  return createHash('sha256').update(content).digest('hex');
}
