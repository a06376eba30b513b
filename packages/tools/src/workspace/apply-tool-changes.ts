import type { FileChange, ToolContext } from '@wright/core';
import type { ToolKitState } from '../tool-kit-state.js';

/**
 * Hands a write tool's changes to the workspace under the tool's name, then records what each path now holds, so
 * the tracker does not take the tool's own write for a change made behind the model's back.
 */
export async function applyToolChanges(
  state: ToolKitState,
  context: ToolContext,
  toolName: string,
  changes: FileChange[],
): Promise<void> {
  await context.workspace.applyChanges(changes, { toolName, callId: context.callId });
  for (const change of changes) {
    if (change.renamedFrom) state.tracker.recordWrite(change.renamedFrom, null);
    state.tracker.recordWrite(change.path, change.after);
  }
}
