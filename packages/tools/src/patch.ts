// The `@wright/tools/patch` entry: the patch engine and the file workspace without the tools, zod, execa or the MCP
// SDK, so `wright apply` starts in a fraction of the time the whole package takes to import.
export type { ApplyPatchOptions, PatchFileReport, PatchReport } from './patch/apply-patch-to-workspace.js';
export { applyPatchToWorkspace } from './patch/apply-patch-to-workspace.js';
export { formatPatchReport } from './patch/format-patch-report.js';
export type { ParsePatchOptions } from './patch/parse-patch.js';
export { parsePatch } from './patch/parse-patch.js';
export type { FilePatch, Hunk, HunkLine, ParsedPatch } from './patch/patch-types.js';
export type { PatchError, PatchPlan, PlannedFile, PlanPatchOptions } from './patch/plan-patch.js';
export { planPatch } from './patch/plan-patch.js';
export { createFileWorkspace } from './workspace/file-workspace.js';
