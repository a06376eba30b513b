import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { type ChangeOrigin, type FileChange, type Workspace, wrightError } from '@wright/core';
import { readFileOrNull } from '@wright/core/internal';

/** The editor's file system, as the client advertised it (`fs.readTextFile` / `fs.writeTextFile`). */
export type EditorFiles = {
  /** Reads a file as the editor shows it (unsaved changes included); rejects when the editor cannot. */
  read?: (absolute: string) => Promise<string>;
  /** Writes a file in the editor, so the edit lands in its buffer. */
  write?: (absolute: string, text: string) => Promise<void>;
};

/** Files larger than this are read from the disk even when the editor could read them. */
const largestEditorRead = 2 * 1024 * 1024;

/**
 * The workspace the tools of an ACP session see, over the runner's workspace. Every change is recorded per tool
 * call (the editor gets exact diffs) and goes through the runner workspace's `applyChanges`, so the ledger,
 * checkpoints and undo cover it. When the editor reads files, the tools read its buffers; when it writes files,
 * text changes are written through it too, after the disk, so the edit lands in the open buffer.
 */
export function createEditorWorkspace(options: {
  workspace: Workspace;
  files: EditorFiles;
  /** Called with the changes of each applied call. */
  onChanges: (origin: ChangeOrigin, changes: FileChange[]) => void;
}): Workspace {
  const { workspace, files, onChanges } = options;
  const absolute = (path: string) => nodePath.join(workspace.root, path);
  const readDisk = (path: string) => readFileOrNull(absolute(path));
  const readEditor = files.read;

  const readShown = async (path: string): Promise<Uint8Array | null> => {
    const disk = await readDisk(path);
    // A file only the editor knows (a new unsaved buffer) stays unseen: ACP has no way to ask whether it exists.
    if (readEditor === undefined || disk === null || disk.length > largestEditorRead || isBinary(disk))
      return disk;
    const text = await readEditor(absolute(path)).catch(() => undefined);
    return text === undefined ? disk : new TextEncoder().encode(text);
  };

  return {
    root: workspace.root,
    ...(workspace.scratchDirectory === undefined ? {} : { scratchDirectory: workspace.scratchDirectory }),
    ...(readEditor === undefined ? {} : { readFile: readShown }),
    async applyChanges(changes: FileChange[], origin: ChangeOrigin) {
      if (readEditor === undefined && files.write === undefined) {
        await workspace.applyChanges(changes, origin);
        onChanges(origin, changes);
        return;
      }
      // The tools based each change on what the editor showed; the runner checks against the disk.
      const onDisk: FileChange[] = [];
      for (const change of changes) {
        const path = change.renamedFrom ?? change.path;
        if (readEditor !== undefined && !sameBytes(await readShown(path), change.before)) {
          throw wrightError('workspace', `${path} changed in the editor since it was read; read it again.`);
        }
        onDisk.push({ ...change, before: await readDisk(path) });
      }
      await workspace.applyChanges(onDisk, origin);
      onChanges(origin, changes);
      if (files.write === undefined) return;
      for (const change of changes) {
        if (change.after === null || isBinary(change.after)) continue;
        await files.write(absolute(change.path), new TextDecoder().decode(change.after));
      }
    },
  };
}

function sameBytes(left: Uint8Array | null, right: Uint8Array | null): boolean {
  if (left === null || right === null) return left === right;
  return Buffer.from(left).equals(right);
}

// Same rule as git: a NUL byte in the first 8000 bytes.
function isBinary(content: Uint8Array): boolean {
  return content.subarray(0, 8000).includes(0);
}

/** Reads a file from the disk, for callers outside the adapter (a permission request's current text). */
export async function readTextOrNull(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}
