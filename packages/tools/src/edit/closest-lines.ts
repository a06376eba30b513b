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
const maxWindows = 20_000;

/**
 * Finds the window of file lines most similar to the searched lines (bigram similarity of trimmed lines, averaged),
 * so a failed edit or hunk can show the model what the file really contains.
 */
export function findClosestLines(fileLines: string[], searchLines: string[], count = 1): ClosestLines[] {
  const wanted = searchLines.map((line) => line.trim()).slice(0, maxSearchLines);
  if (wanted.length === 0 || fileLines.length === 0) return [];
  const wantedGrams = wanted.map(bigrams);
  const fileGrams = new Map<number, Map<string, number>>();
  const gramsAt = (line: number) => {
    let grams = fileGrams.get(line);
    if (!grams) {
      grams = bigrams(fileLines[line]!.trim());
      fileGrams.set(line, grams);
    }
    return grams;
  };
  const windowCount = Math.min(Math.max(1, fileLines.length - wanted.length + 1), maxWindows);
  const scored: { start: number; score: number }[] = [];
  for (let start = 0; start < windowCount; start++) {
    let total = 0;
    for (let offset = 0; offset < wanted.length; offset++) {
      const line = start + offset;
      if (line >= fileLines.length) break;
      total += similarity(wantedGrams[offset]!, wanted[offset]!, gramsAt(line), fileLines[line]!.trim());
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

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let index = 0; index < text.length - 1; index++) {
    const gram = text.slice(index, index + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

// Sørensen–Dice over character bigrams; exact equality (including two blank lines) scores 1.
function similarity(
  left: Map<string, number>,
  leftText: string,
  right: Map<string, number>,
  rightText: string,
): number {
  if (leftText === rightText) return 1;
  let leftSize = 0;
  let rightSize = 0;
  let shared = 0;
  for (const count of left.values()) leftSize += count;
  for (const count of right.values()) rightSize += count;
  if (leftSize === 0 || rightSize === 0) return 0;
  for (const [gram, count] of left) shared += Math.min(count, right.get(gram) ?? 0);
  return (2 * shared) / (leftSize + rightSize);
}

/** Formats lines with right-aligned 1-based numbers, like read_file shows them. */
export function numberLines(firstLine: number, lines: string[]): string {
  const width = String(firstLine + lines.length - 1).length;
  return lines.map((line, offset) => `${String(firstLine + offset).padStart(width)}\t${line}`).join('\n');
}
