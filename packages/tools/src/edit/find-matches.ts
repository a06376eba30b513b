import { indentationOf, indexLines, type LineIndex } from './line-index.js';

/** One place where `old_string` was found, and what replaces it. */
export type TextMatch = {
  /** Offset of the first replaced character. */
  start: number;
  /** Offset after the last replaced character. */
  end: number;
  /** The text that goes in its place (re-indented for whitespace-tolerant matches). */
  replacement: string;
};

/** Every non-overlapping occurrence of `search`, compared in `haystack` (which has the same offsets as the text). */
export function findExactMatches(haystack: string, search: string, replacement: string): TextMatch[] {
  const matches: TextMatch[] = [];
  let from = 0;
  for (;;) {
    const start = haystack.indexOf(search, from);
    if (start < 0) return matches;
    matches.push({ start, end: start + search.length, replacement });
    from = start + search.length;
  }
}

/**
 * Whole-line matches that ignore indentation and trailing whitespace (after `normalize`, which must keep string
 * lengths). The replacement is re-indented by the difference between the search's and the file's indentation.
 * Blank lines at the start of the search are dropped when it does not match with them (models add them).
 */
export function findLineMatches(
  text: string,
  search: string,
  replacement: string,
  normalize: (line: string) => string = (line) => line,
): TextMatch[] {
  const index = indexLines(text);
  const searchLines = search.split('\n');
  const endsWithNewline = searchLines.length > 1 && searchLines[searchLines.length - 1] === '';
  if (endsWithNewline) searchLines.pop();
  if (searchLines.every((line) => line.trim() === '')) return [];
  const found = scanLines(index, searchLines, normalize);
  if (found.length > 0)
    return found.map((line) => toMatch(text, index, line, searchLines, replacement, endsWithNewline));
  let leadingBlank = 0;
  while (searchLines[leadingBlank]!.trim() === '') leadingBlank++;
  if (leadingBlank === 0) return [];
  const shortened = searchLines.slice(leadingBlank);
  const replacementLines = replacement.split('\n');
  let droppable = 0;
  while (
    droppable < leadingBlank &&
    replacementLines[droppable]?.trim() === '' &&
    replacementLines.length > 1
  )
    droppable++;
  const shortenedReplacement = replacementLines.slice(droppable).join('\n');
  return scanLines(index, shortened, normalize).map((line) =>
    toMatch(text, index, line, shortened, shortenedReplacement, endsWithNewline),
  );
}

function scanLines(index: LineIndex, searchLines: string[], normalize: (line: string) => string): number[] {
  const wanted = searchLines.map((line) => normalize(line).trim());
  const comparable = index.lines.map((line) => normalize(line).trim());
  const found: number[] = [];
  for (let line = 0; line + wanted.length <= comparable.length; line++) {
    let same = true;
    for (let offset = 0; offset < wanted.length && same; offset++)
      same = comparable[line + offset] === wanted[offset];
    if (!same) continue;
    found.push(line);
    line += wanted.length - 1;
  }
  return found;
}

function toMatch(
  text: string,
  index: LineIndex,
  firstLine: number,
  searchLines: string[],
  replacement: string,
  endsWithNewline: boolean,
): TextMatch {
  const lastLine = firstLine + searchLines.length - 1;
  const anchor = searchLines.findIndex((line) => line.trim() !== '');
  const searchBase = indentationOf(searchLines[anchor]!);
  const fileBase = indentationOf(index.lines[firstLine + anchor]!);
  let reindented = reindent(replacement, searchBase, fileBase);
  const start = index.starts[firstLine]!;
  const lineEnd = index.starts[lastLine]! + index.lines[lastLine]!.length;
  let end = lineEnd;
  if (endsWithNewline) {
    end = Math.min(lineEnd + 1, text.length);
    // The file's last line has no newline: do not add one the search only implied.
    if (end === lineEnd && reindented.endsWith('\n')) reindented = reindented.slice(0, -1);
  }
  return { start, end, replacement: reindented };
}

/** Moves every line's indentation from `searchBase` to `fileBase`, keeping relative indentation. */
export function reindent(replacement: string, searchBase: string, fileBase: string): string {
  if (searchBase === fileBase) return replacement;
  const spacesOnly = /^ *$/.test(searchBase) && /^ *$/.test(fileBase);
  return replacement
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      if (line.startsWith(searchBase)) return fileBase + line.slice(searchBase.length);
      const indentation = indentationOf(line);
      if (!spacesOnly || !/^ *$/.test(indentation)) return line;
      const width = Math.max(0, indentation.length + fileBase.length - searchBase.length);
      return ' '.repeat(width) + line.slice(indentation.length);
    })
    .join('\n');
}
