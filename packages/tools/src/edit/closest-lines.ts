/** A stretch of the file that resembles what was searched for. */
export type ClosestLines = {
  /** 1-based number of the first line. */
  line: number;
  /** The file's lines from there, as they really are. */
  lines: string[];
  /** Similarity from 0 to 1. */
  score: number;
};

// Bounds keep the search linear in the file size: at most this many search lines are compared per window.
const maxSearchLines = 20;
const maxWindows = 200_000;

// A line's character bigrams as a sorted multiset, so two lines intersect by a linear merge.
type Grams = Int32Array;

/**
 * Finds the window of file lines most similar to the searched lines (bigram similarity of trimmed lines, averaged),
 * so a failed edit or hunk can show the model what the file really contains.
 */
export function findClosestLines(fileLines: string[], searchLines: string[], count = 1): ClosestLines[] {
  const wanted = searchLines.map((line) => line.trim()).slice(0, maxSearchLines);
  if (wanted.length === 0 || fileLines.length === 0) return [];
  const wantedGrams = wanted.map(bigrams);
  const trimmed = fileLines.map((line) => line.trim());
  const fileGrams = trimmed.map(bigrams);
  const windowCount = Math.min(Math.max(1, fileLines.length - wanted.length + 1), maxWindows);
  const scored: { start: number; score: number }[] = [];
  for (let start = 0; start < windowCount; start++) {
    let total = 0;
    for (let offset = 0; offset < wanted.length && start + offset < trimmed.length; offset++) {
      const line = start + offset;
      total += similarity(wanted[offset]!, wantedGrams[offset]!, trimmed[line]!, fileGrams[line]!);
    }
    scored.push({ start, score: total / wanted.length });
  }
  scored.sort((left, right) => right.score - left.score || left.start - right.start);
  const picked: ClosestLines[] = [];
  for (const candidate of scored) {
    if (picked.length >= count || candidate.score <= 0) break;
    if (picked.some((other) => Math.abs(other.line - 1 - candidate.start) < searchLines.length)) continue;
    const end = Math.min(fileLines.length, candidate.start + Math.max(searchLines.length, 1));
    picked.push({
      line: candidate.start + 1,
      lines: fileLines.slice(candidate.start, end),
      score: candidate.score,
    });
  }
  return picked;
}

function bigrams(text: string): Grams {
  const grams = new Int32Array(Math.max(0, text.length - 1));
  for (let index = 0; index < grams.length; index++) {
    grams[index] = (text.charCodeAt(index) << 16) | text.charCodeAt(index + 1);
  }
  return grams.sort();
}

// Sørensen–Dice over character bigrams; exact equality (including two blank lines) scores 1.
function similarity(leftText: string, left: Grams, rightText: string, right: Grams): number {
  if (leftText === rightText) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  let shared = 0;
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length && rightIndex < right.length) {
    const difference = left[leftIndex]! - right[rightIndex]!;
    if (difference === 0) {
      shared++;
      leftIndex++;
      rightIndex++;
    } else if (difference < 0) leftIndex++;
    else rightIndex++;
  }
  return (2 * shared) / (left.length + right.length);
}

/** Formats lines with right-aligned 1-based numbers, like read_file shows them. */
export function numberLines(firstLine: number, lines: string[]): string {
  const width = String(firstLine + lines.length - 1).length;
  return lines.map((line, offset) => `${String(firstLine + offset).padStart(width)}\t${line}`).join('\n');
}
