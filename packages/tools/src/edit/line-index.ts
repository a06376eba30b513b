/** The lines of a `\n`-text with their offsets; a final `\n` does not start an extra line. */
export type LineIndex = {
  /** Line contents, without the `\n`. */
  lines: string[];
  /** Offset of each line's first character. */
  starts: number[];
};

export function indexLines(text: string): LineIndex {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return { lines, starts };
}

/** 1-based line number of a character offset. */
export function lineNumberAt(index: LineIndex, offset: number): number {
  let low = 0;
  let high = index.starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (index.starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** Leading whitespace of a line. */
export function indentationOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}
