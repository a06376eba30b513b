import { parseCodexPatch } from './parse-codex-patch.js';
import { parseUnifiedDiff, type UnifiedDiffOptions } from './parse-unified-diff.js';
import { patchParseError } from './patch-parse-error.js';
import type { ParsedPatch } from './patch-types.js';

/** Options for `parsePatch`; see `UnifiedDiffOptions`. */
export type ParsePatchOptions = UnifiedDiffOptions;

/**
 * Parses a patch: a unified diff (git or plain `diff -u`, several files) or a Codex `*** Begin Patch` envelope.
 * Throws a `tool` error naming the patch line for anything it cannot read.
 */
export function parsePatch(text: string, options: ParsePatchOptions = {}): ParsedPatch {
  const lines = text.replace(/\r\n|\r/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = lines.find((line) => line.trim() !== '');
  if (first === undefined) throw patchParseError(1, 'the patch is empty');
  if (isCodex(first.trim())) return { format: 'codex', files: parseCodexPatch(lines) };
  return { format: 'unified', files: parseUnifiedDiff(lines, options) };
}

function isCodex(firstLine: string): boolean {
  return firstLine === '*** Begin Patch' || /^\*\*\* (Add|Delete|Update) File: /.test(firstLine);
}
