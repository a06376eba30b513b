import type { ChangeOrigin, FileChange } from '@wright/core';

/**
 * What the ACP side knows of one prompt's tool calls: which announced calls still wait for approval (the loop asks
 * in call order, without the call id), and the file changes each call made.
 */
export type ToolCallTracker = {
  /** A call the model made (its `tool_call` went out). */
  announce(callId: string, name: string): void;
  /** The call started running or was answered: it no longer waits for approval. */
  settle(callId: string): void;
  /** The first announced call of this tool still waiting, which an approval request is about. */
  awaitingApproval(name: string): string | undefined;
  /** Records the changes a call made. */
  recordChanges(origin: ChangeOrigin, changes: FileChange[]): void;
  /** The changes a call made, forgotten once taken. */
  takeChanges(callId: string): FileChange[];
};

export function createToolCallTracker(): ToolCallTracker {
  const waiting: { callId: string; name: string }[] = [];
  const changes = new Map<string, FileChange[]>();
  return {
    announce(callId, name) {
      waiting.push({ callId, name });
    },
    settle(callId) {
      const index = waiting.findIndex((entry) => entry.callId === callId);
      if (index !== -1) waiting.splice(index, 1);
    },
    awaitingApproval(name) {
      return waiting.find((entry) => entry.name === name)?.callId;
    },
    recordChanges(origin, made) {
      changes.set(origin.callId, [...(changes.get(origin.callId) ?? []), ...made]);
    },
    takeChanges(callId) {
      const made = changes.get(callId) ?? [];
      changes.delete(callId);
      return made;
    },
  };
}
