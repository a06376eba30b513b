// The `@wright/runner/internal` entry: helpers Wright's own packages share. Unstable: names here change or go
// without notice; apps and plugins use the main entry (docs/api.md).
export type { ChangeLedger, LedgerChange, LedgerFile, LedgerRecord, LedgerStepEnd } from './change-ledger.js';
export { createChangeLedger } from './change-ledger.js';
export type { CleanItem, ProjectDiskUsage } from './clean-project.js';
export { applyClean, planClean, projectDiskUsage } from './clean-project.js';
export { failedTaskResult } from './failed-task-result.js';
export { hardenedGitOptions } from './git.js';
