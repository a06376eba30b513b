/**
 * The files a run works on. Tools resolve and confine paths, compute new contents, and hand every change to the
 * workspace, which applies it (and, in the runner, records it as a diff with content hashes).
 */

/** One file change. `before`/`after` are null for a file that does not exist on that side. */
export type FileChange = {
  /** Path relative to the workspace root, with forward slashes. */
  path: string;
  /** Content the tool based its change on; the change is refused when the file no longer has it. */
  before: Uint8Array | null;
  /** New content; null deletes the file. */
  after: Uint8Array | null;
  /** For a rename: the old path (whose content becomes null). */
  renamedFrom?: string;
};

/** Who made a change, for the ledger. */
export type ChangeOrigin = {
  toolName: string;
  callId: string;
};

export interface Workspace {
  /** Absolute, symlink-resolved path of the root directory. */
  readonly root: string;
  /**
   * Applies a set of changes all or nothing: when any `before` does not match the disk, nothing is written and
   * the promise rejects with a `workspace` error.
   */
  applyChanges(changes: FileChange[], origin: ChangeOrigin): Promise<void>;
  /**
   * A private directory (created 0700) for the run's temporary files, such as full command outputs, kept inside
   * the session's own directory so it goes with the session. Absent (a plain library workspace): tools use a
   * private temp directory of their own, removed when the process exits.
   */
  readonly scratchDirectory?: string;
  /**
   * Reads a file as the user sees it (an editor's unsaved buffer, say); `path` is relative to the root, the result
   * null when the file does not exist. Absent: tools read the disk. Writes still go through `applyChanges`.
   */
  readFile?(path: string): Promise<Uint8Array | null>;
}
