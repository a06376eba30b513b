import type { FileTracker } from './workspace/file-tracker.js';

/** State shared by every built-in tool of one tool kit (one agent run). */
export type ToolKitState = {
  /** Remembers what the model read and wrote, to refuse edits based on stale reads. */
  tracker: FileTracker;
  /** Absolute directory where `shell` saves full outputs; read_file may read files there. */
  outputDirectory: string;
};
