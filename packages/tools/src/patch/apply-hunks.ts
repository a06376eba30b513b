import { findClosestLines, numberLines } from '../edit/closest-lines.js';
import { type Claimed, claimOf, findLine, locateHunk, type Placement } from './locate-hunk.js';
import { type Hunk, oldSide } from './patch-types.js';

/** How one hunk was applied. */
export type HunkReport = {
  /** 1-based index of the hunk in its file section. */
  index: number;
  /** The hunk's `@@` header as written. */
  header: string;
  /** `exact`: at the stated line; `offset`: same text elsewhere; `fuzzy`: whitespace or context differed. */
  status: 'exact' | 'offset' | 'fuzzy';
  /** 1-based line in the original file where the hunk applied. */
  line: number;
  /** Lines between the stated and the actual position (0 when the patch states no line numbers). */
  offset: number;
  /** 0 exact text; 1 trailing whitespace ignored; 2 all whitespace and typographic punctuation ignored; 2 + n: n context lines drifted. */
  fuzz: number;
};

/** Why a hunk could not be applied. */
export type HunkFailure = {
  /** 1-based hunk index in its file section. */
  index: number;
  /** The hunk's `@@` header as written. */
  header: string;
  /** Written for the model, including the nearest candidate. */
  message: string;
  /** The file's lines most like the hunk's old side, when there are any. */
  nearest?: { line: number; text: string };
};

/** The outcome of applying a file's hunks. */
export type HunksOutcome =
  | { ok: true; text: string; hunks: HunkReport[] }
  | { ok: false; failures: HunkFailure[] };

/** Options for `applyHunks`. */
export type ApplyHunksOptions = {
  /** Most context lines allowed to drift per hunk; default a third of its context lines, at most 3. */
  maxDrift?: number;
};

/**
 * Applies hunks to `\n`-text. Every hunk is located in the original text (nearest to its stated or expected place,
 * never overlapping another), so stale line numbers and out-of-order hunks work. Context lines keep the file's
 * own text. A final newline is kept as it was unless a hunk at the end of the file changes it explicitly.
 */
export function applyHunks(text: string, hunks: Hunk[], options: ApplyHunksOptions = {}): HunksOutcome {
  const fileLines = splitLines(text);
  const placed: { hunk: Hunk; placement: Placement }[] = [];
  const reports: HunkReport[] = [];
  const failures: HunkFailure[] = [];
  const claimed: Claimed[] = [];
  let shift = 0;
  let cursor = 0;
  for (const hunk of hunks) {
    const old = oldSide(hunk);
    const stated = statedIndex(hunk, old.length);
    let expected = stated === undefined ? cursor : stated + shift;
    for (const anchor of hunk.anchors) {
      const found = findLine(fileLines, anchor, expected);
      if (found < 0) {
        failures.push(
          failure(hunk, `its context line ${JSON.stringify(anchor)} was not found`, fileLines, [anchor]),
        );
        expected = -1;
        break;
      }
      expected = found + 1;
    }
    if (expected < 0) continue;
    if (hunk.atEndOfFile) expected = fileLines.length - old.length;
    const placement =
      old.length === 0
        ? placeInsertion(
            hunk,
            stated === undefined && hunk.anchors.length === 0 ? fileLines.length : expected,
            fileLines.length,
            claimed,
          )
        : locateHunk(fileLines, hunk, expected, claimed, options.maxDrift ?? defaultDrift(hunk));
    if (!placement) {
      failures.push(failure(hunk, 'its lines were not found in the file', fileLines, old));
      continue;
    }
    claimed.push(claimOf(placement));
    placed.push({ hunk, placement });
    if (stated !== undefined) shift = placement.start - stated;
    cursor = placement.start + placement.length;
    reports.push(report(hunk, placement, stated));
  }
  if (failures.length > 0) return { ok: false, failures };
  return { ok: true, text: assemble(text, fileLines, placed), hunks: reports };
}

/** Splits `\n`-text into lines; a final `\n` does not start an extra line, and '' has no lines. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

function statedIndex(hunk: Hunk, oldLength: number): number | undefined {
  if (hunk.oldStart === undefined) return undefined;
  // `@@ -2,0 +3 @@` inserts after line 2; otherwise the hunk starts at its stated line.
  if (oldLength === 0 && hunk.oldCount === 0) return hunk.oldStart;
  return Math.max(0, hunk.oldStart - 1);
}

function defaultDrift(hunk: Hunk): number {
  const context = hunk.lines.filter((line) => line.kind === 'context').length;
  return Math.min(3, Math.floor(context / 3));
}

function placeInsertion(
  hunk: Hunk,
  position: number,
  lineCount: number,
  claimed: Claimed[],
): Placement | undefined {
  const at = Math.min(Math.max(position, 0), lineCount);
  const inside = claimed.some(({ span }) => span !== undefined && 2 * at > span[0] && 2 * at < span[1]);
  if (inside) return undefined;
  const lines = hunk.lines.map((line) => line.text);
  return { start: at, length: 0, deletes: [], inserts: [{ at, lines }], level: 0, drift: 0 };
}

function report(hunk: Hunk, placement: Placement, stated: number | undefined): HunkReport {
  const offset = stated === undefined ? 0 : placement.start - stated;
  const fuzz = placement.level === 3 ? 2 + placement.drift : placement.level;
  const status = fuzz > 0 ? 'fuzzy' : offset !== 0 ? 'offset' : 'exact';
  return { index: hunk.index, header: hunk.header, status, line: placement.start + 1, offset, fuzz };
}

function failure(hunk: Hunk, reason: string, fileLines: string[], searched: string[]): HunkFailure {
  const closest = findClosestLines(fileLines, searched, 1)[0];
  const where = `hunk ${hunk.index} (${hunk.header}) does not apply: ${reason}`;
  if (!closest) return { index: hunk.index, header: hunk.header, message: `${where}.` };
  const text = closest.lines.join('\n');
  return {
    index: hunk.index,
    header: hunk.header,
    message: `${where}. The nearest candidate is at line ${closest.line}:\n${numberLines(closest.line, closest.lines)}`,
    nearest: { line: closest.line, text },
  };
}

function assemble(text: string, fileLines: string[], placed: { hunk: Hunk; placement: Placement }[]): string {
  const deleted = new Set<number>();
  const inserted = new Map<number, string[]>();
  let finalNewline = text === '' || text.endsWith('\n');
  let reachedEnd = -1;
  for (const { hunk, placement } of placed) {
    for (const line of placement.deletes) deleted.add(line);
    for (const insert of placement.inserts)
      inserted.set(insert.at, [...(inserted.get(insert.at) ?? []), ...insert.lines]);
    // Only a hunk that reaches the end of the file and whose two sides disagree changes the final newline.
    const end = placement.start + placement.length;
    if (
      end === fileLines.length &&
      end >= reachedEnd &&
      hunk.oldEndsWithoutNewline !== hunk.newEndsWithoutNewline
    ) {
      finalNewline = !hunk.newEndsWithoutNewline;
      reachedEnd = end;
    }
  }
  const result: string[] = [];
  for (let line = 0; line <= fileLines.length; line++) {
    result.push(...(inserted.get(line) ?? []));
    if (line < fileLines.length && !deleted.has(line)) result.push(fileLines[line]!);
  }
  if (result.length === 0) return '';
  return result.join('\n') + (finalNewline ? '\n' : '');
}
