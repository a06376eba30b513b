import { collectLimit, type GrepMatch, matchTextLimit } from './grep-types.js';
import { comparePaths } from './list-files.js';

/**
 * Counts matches and keeps only the first `keep` of them in (path, line) order, so an engine can skip building a
 * match that cannot be shown. Both engines feed one, which keeps their results identical.
 */
export type MatchCollector = {
  /** True when a match at (path, line) would be kept; false means `count()` it instead of `add()`ing it. */
  wants(path: string, line: number): boolean;
  /** Adds a match (its text is cut to `matchTextLimit`); only call it when `wants` said true. */
  add(path: string, line: number, text: string): void;
  /** Counts a match that is not kept. */
  count(): void;
  /** True once `collectLimit` matches were seen: the engine should stop. */
  readonly full: boolean;
  /** Matches seen, at most `collectLimit`. */
  readonly total: number;
  /** The kept matches, sorted by path then line. */
  sorted(): GrepMatch[];
};

/** Creates a collector keeping the first `keep` matches in (path, line) order. */
export function createMatchCollector(keep: number): MatchCollector {
  const kept: GrepMatch[] = [];
  let total = 0;
  // Kept matches are sorted once `kept` is full; until then they are pushed as they come.
  let ordered = false;
  const worst = () => kept[kept.length - 1] as GrepMatch;
  const ensureOrdered = () => {
    if (!ordered) kept.sort(compareMatches);
    ordered = true;
  };
  return {
    wants(path, line) {
      if (kept.length < keep) return true;
      if (keep === 0) return false;
      ensureOrdered();
      const last = worst();
      return (comparePaths(path, last.path) || line - last.line) < 0;
    },
    add(path, line, text) {
      total++;
      const match = { path, line, text: text.length > matchTextLimit ? text.slice(0, matchTextLimit) : text };
      if (kept.length < keep) {
        kept.push(match);
        ordered = false;
        return;
      }
      ensureOrdered();
      kept.pop();
      kept.splice(insertionIndex(kept, match), 0, match);
    },
    count() {
      total++;
    },
    get full() {
      return total >= collectLimit;
    },
    get total() {
      return total;
    },
    sorted() {
      ensureOrdered();
      return kept;
    },
  };
}

function compareMatches(left: GrepMatch, right: GrepMatch): number {
  return comparePaths(left.path, right.path) || left.line - right.line;
}

function insertionIndex(sorted: GrepMatch[], match: GrepMatch): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareMatches(sorted[middle] as GrepMatch, match) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
