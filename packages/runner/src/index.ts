export type { ApplyBackReport, ApplyConflict } from './apply-patch-back.js';
export { applyPatchBack } from './apply-patch-back.js';
export type { ChangeLedger, LedgerChange, LedgerFile, LedgerRecord, LedgerStepEnd } from './change-ledger.js';
export { createChangeLedger } from './change-ledger.js';
export type { Checkpoint, CheckpointDiffFile } from './checkpoint-store.js';
export type { OpenWorkspaceOptions, RestoreResult, RunnerWorkspace } from './open-workspace.js';
export { openWorkspace } from './open-workspace.js';
export type { SessionMeta, SessionStatus, SessionStore, SessionSummary } from './session-store.js';
export { createSessionStore, newSessionId } from './session-store.js';
