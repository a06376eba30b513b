import { normalizePunctuation } from '../edit/normalize-punctuation.js';
import { type Hunk, oldSide } from './patch-types.js';

/** Where a hunk goes in the original file lines, as edits on those lines. */
export type Placement = {
  /** 0-based first file line the hunk's old side covers. */
  start: number;
  /** Number of file lines covered (differs from the hunk's old side under context drift). */
  length: number;
  /** 0-based original lines to delete. */
  deletes: number[];
  /** Lines to insert before original line `at` (`at` = line count appends), in hunk order. */
  inserts: { at: number; lines: string[] }[];
  /** 0 exact, 1 trailing whitespace ignored, 2 all whitespace and typographic punctuation ignored, 3 drift. */
  level: 0 | 1 | 2 | 3;
  /** Context lines that drifted (changed, missing or extra) at level 3. */
  drift: number;
};

const comparators: ((line: string) => string)[] = [
  (line) => line,
  (line) => line.trimEnd(),
  (line) => normalizePunctuation(line).replace(/\s+/g, ''),
];

/** Normalises a line at a comparison level (0–2). */
export function compareForm(line: string, level: number): string {
  return comparators[Math.min(level, 2)]!(line);
}

/** Finds a line equal to `wanted` at the loosest useful level, searching from `from` onward, then from the top. */
export function findLine(fileLines: string[], wanted: string, from: number): number {
  for (let level = 0; level < comparators.length; level++) {
    const target = compareForm(wanted, level);
    for (const begin of [from, 0]) {
      for (let line = begin; line < fileLines.length; line++) {
        if (compareForm(fileLines[line]!, level) === target) return line;
      }
    }
  }
  return -1;
}

// Positions in doubled coordinates: original line i is 2i + 1, the gap before it is 2i. A hunk's `span` is the
// lines it covers; its `core` is what it deletes or inserts. Hunks may share context lines, but neither may touch
// what the other covers with a change.
type Interval = [low: number, high: number] | undefined;

/** The lines a placed hunk covers and the part it changes, to keep other hunks off them. */
export type Claimed = { span: Interval; core: Interval };

/** The claim of a placement. */
export function claimOf(placement: Placement): Claimed {
  const span: Interval =
    placement.length > 0
      ? [2 * placement.start + 1, 2 * (placement.start + placement.length) - 1]
      : undefined;
  const points = [
    ...placement.deletes.map((line) => 2 * line + 1),
    ...placement.inserts.map((insert) => 2 * insert.at),
  ];
  const core: Interval = points.length > 0 ? [Math.min(...points), Math.max(...points)] : undefined;
  return { span, core };
}

function overlaps(left: Interval, right: Interval): boolean {
  return left !== undefined && right !== undefined && left[0] <= right[1] && right[0] <= left[1];
}

function isFree(claimed: Claimed[], placement: Placement): boolean {
  const mine = claimOf(placement);
  return claimed.every(
    (other) =>
      !overlaps(mine.span, other.core) &&
      !overlaps(mine.core, other.span) &&
      !overlaps(mine.core, other.core),
  );
}

/**
 * Finds where a hunk with a non-empty old side applies: the exact text nearest `expected` (so stale line numbers
 * still work), then ignoring trailing whitespace, then ignoring all whitespace and typographic punctuation, then
 * allowing up to `maxDrift` context lines to differ, be missing or be extra. Removed lines and the lines around an
 * insertion must always be found. Never overlaps `claimed`.
 */
export function locateHunk(
  fileLines: string[],
  hunk: Hunk,
  expected: number,
  claimed: Claimed[],
  maxDrift: number,
): Placement | undefined {
  const old = oldSide(hunk);
  for (let level = 0; level < comparators.length; level++) {
    const wanted = old.map((line) => compareForm(line, level));
    const file = level === 0 ? fileLines : fileLines.map((line) => compareForm(line, level));
    let best: Placement | undefined;
    for (let start = 0; start + wanted.length <= file.length; start++) {
      if (best && Math.abs(start - expected) >= Math.abs(best.start - expected)) continue;
      let same = true;
      for (let offset = 0; offset < wanted.length && same; offset++)
        same = file[start + offset] === wanted[offset];
      if (!same) continue;
      const mapping = old.map((_, offset) => start + offset);
      const placement = toPlacement(hunk, mapping, start, old.length, level as 0 | 1 | 2, 0);
      if (isFree(claimed, placement)) best = placement;
    }
    if (best) return best;
  }
  return locateWithDrift(fileLines, hunk, expected, claimed, maxDrift);
}

// Turns an alignment (mapping[k] = file line of old-side line k, or -1 when missing) into edits.
function toPlacement(
  hunk: Hunk,
  mapping: number[],
  start: number,
  length: number,
  level: Placement['level'],
  drift: number,
): Placement {
  const deletes: number[] = [];
  const inserts: Placement['inserts'] = [];
  const gapBefore = (oldIndex: number) => {
    if (oldIndex < mapping.length && mapping[oldIndex]! >= 0) return mapping[oldIndex]!;
    for (let previous = oldIndex - 1; previous >= 0; previous--)
      if (mapping[previous]! >= 0) return mapping[previous]! + 1;
    return start;
  };
  let pending: string[] = [];
  let oldIndex = 0;
  for (const line of hunk.lines) {
    if (line.kind === 'add') {
      pending.push(line.text);
      continue;
    }
    if (pending.length > 0) inserts.push({ at: gapBefore(oldIndex), lines: pending });
    pending = [];
    if (line.kind === 'remove') deletes.push(mapping[oldIndex]!);
    oldIndex++;
  }
  if (pending.length > 0) inserts.push({ at: gapBefore(oldIndex), lines: pending });
  return { start, length, deletes, inserts, level, drift };
}

const stepMatch = 1;
const stepSubstitute = 2;
const stepMissing = 3;
const stepExtra = 4;

function locateWithDrift(
  fileLines: string[],
  hunk: Hunk,
  expected: number,
  claimed: Claimed[],
  maxDrift: number,
): Placement | undefined {
  const old = oldSide(hunk);
  const oldCount = old.length;
  if (maxDrift <= 0 || oldCount === 0) return undefined;
  // The anchors of the change must be real: removed lines, and context lines right next to added lines.
  const anchored: boolean[] = [];
  const extraForbidden: boolean[] = [];
  let addedSinceLast = false;
  let previousKind: 'context' | 'remove' | undefined;
  for (let index = 0; index < hunk.lines.length; index++) {
    const line = hunk.lines[index]!;
    if (line.kind === 'add') {
      addedSinceLast = true;
      continue;
    }
    // Extra file lines where something is inserted, or inside a run of removed lines, would make the result ambiguous.
    extraForbidden.push(addedSinceLast || (line.kind === 'remove' && previousKind === 'remove'));
    anchored.push(
      line.kind === 'remove' ||
        hunk.lines[index - 1]?.kind === 'add' ||
        hunk.lines[index + 1]?.kind === 'add',
    );
    addedSinceLast = false;
    previousKind = line.kind;
  }
  const wanted = old.map((line) => compareForm(line, 2));
  const file = fileLines.map((line) => compareForm(line, 2));
  const width = oldCount + maxDrift + 1;
  // Some of the first maxDrift + 1 old lines must match exactly within the first 2 * maxDrift + 1 file lines:
  // a cheap filter that keeps the alignment off most start positions.
  const heads = new Set(wanted.slice(0, maxDrift + 1));
  const found: { start: number; cost: number; steps: Uint8Array; end: number }[] = [];
  for (let start = 0; start < file.length; start++) {
    let plausible = false;
    for (let offset = 0; offset <= 2 * maxDrift && start + offset < file.length && !plausible; offset++) {
      plausible = heads.has(file[start + offset]!);
    }
    if (!plausible) continue;
    const alignment = align(wanted, file, start, anchored, extraForbidden, maxDrift, width);
    if (alignment) found.push({ start, ...alignment });
  }
  found.sort(
    (left, right) =>
      left.cost - right.cost || Math.abs(left.start - expected) - Math.abs(right.start - expected),
  );
  for (const candidate of found) {
    const mapping: number[] = new Array(oldCount).fill(-1);
    let oldIndex = oldCount;
    let fileIndex = candidate.end;
    while (oldIndex > 0 || fileIndex > 0) {
      const step = candidate.steps[oldIndex * width + fileIndex]!;
      if (step === stepMatch || step === stepSubstitute) {
        oldIndex--;
        fileIndex--;
        mapping[oldIndex] = candidate.start + fileIndex;
      } else if (step === stepMissing) {
        oldIndex--;
      } else {
        fileIndex--;
      }
    }
    const placement = toPlacement(hunk, mapping, candidate.start, candidate.end, 3, candidate.cost);
    if (isFree(claimed, placement)) return placement;
  }
  return undefined;
}

// Edit-distance alignment of the old side against file lines from `start`, where only context lines may be
// substituted or missing and extra file lines may sit only between two context lines with no insertion there.
function align(
  wanted: string[],
  file: string[],
  start: number,
  anchored: boolean[],
  extraForbidden: boolean[],
  maxDrift: number,
  width: number,
): { cost: number; steps: Uint8Array; end: number } | undefined {
  const oldCount = wanted.length;
  const infinity = 1 << 20;
  const cost = new Int32Array((oldCount + 1) * width).fill(infinity);
  const steps = new Uint8Array((oldCount + 1) * width);
  cost[0] = 0;
  for (let oldIndex = 0; oldIndex <= oldCount; oldIndex++) {
    let rowBest = infinity;
    for (let fileIndex = 0; fileIndex < width; fileIndex++) {
      const here = cost[oldIndex * width + fileIndex]!;
      if (here > maxDrift) continue;
      rowBest = Math.min(rowBest, here);
      if (oldIndex === oldCount) continue;
      const fileLine = start + fileIndex;
      const relax = (nextOld: number, nextFile: number, value: number, step: number) => {
        if (value > maxDrift || nextFile >= width) return;
        const cell = nextOld * width + nextFile;
        if (value < cost[cell]!) {
          cost[cell] = value;
          steps[cell] = step;
        }
      };
      if (fileLine < file.length) {
        if (file[fileLine] === wanted[oldIndex]) relax(oldIndex + 1, fileIndex + 1, here, stepMatch);
        else if (!anchored[oldIndex]) relax(oldIndex + 1, fileIndex + 1, here + 1, stepSubstitute);
        if (oldIndex > 0 && !extraForbidden[oldIndex]) relax(oldIndex, fileIndex + 1, here + 1, stepExtra);
      }
      if (!anchored[oldIndex]) relax(oldIndex + 1, fileIndex, here + 1, stepMissing);
    }
    if (rowBest > maxDrift) return undefined;
  }
  let bestEnd = -1;
  for (let fileIndex = 1; fileIndex < width; fileIndex++) {
    const value = cost[oldCount * width + fileIndex]!;
    if (value <= maxDrift && (bestEnd < 0 || value < cost[oldCount * width + bestEnd]!)) bestEnd = fileIndex;
  }
  if (bestEnd < 0) return undefined;
  return { cost: cost[oldCount * width + bestEnd]!, steps, end: bestEnd };
}
