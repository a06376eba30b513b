/**
 * Calls `onLine` for every line of `text` that `matcher` matches (lines end at '\n'; a trailing '\r' is not part of
 * the line, as in rg's output), in order, until it returns false. `content` is the line's text.
 *
 * The pattern runs over the whole text to find candidate lines, which is far faster than testing each line, and each
 * candidate is then tested on its own, so the result is exactly that of a per-line test. With the `m` flag a match
 * inside a line is also a match in the whole text, except with lookaround, which can see past the line's end: such
 * patterns test every line.
 */
export function forEachMatchingLine(
  text: string,
  matcher: RegExp,
  onLine: (line: number, content: string) => boolean,
): void {
  const finder = /\(\?<?[=!]/.test(matcher.source) ? undefined : globalVersion(matcher);
  let lineNumber = 1;
  let lineStart = 0;
  while (lineStart < text.length) {
    let newline = text.indexOf('\n', lineStart);
    if (finder !== undefined) {
      finder.lastIndex = lineStart;
      const found = finder.exec(text);
      if (found === null) return;
      // Move to the line holding the match (a match at a '\n' belongs to the line that newline ends).
      while (newline !== -1 && newline < found.index) {
        lineNumber++;
        lineStart = newline + 1;
        newline = text.indexOf('\n', lineStart);
      }
      if (lineStart >= text.length) return;
    }
    const lineEnd = newline === -1 ? text.length : newline;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const content = text.slice(lineStart, contentEnd);
    if (matcher.test(content) && !onLine(lineNumber, content)) return;
    if (newline === -1) return;
    lineStart = newline + 1;
    lineNumber++;
  }
}

const globalVersions = new WeakMap<RegExp, RegExp>();

function globalVersion(matcher: RegExp): RegExp {
  let version = globalVersions.get(matcher);
  if (version === undefined) {
    version = new RegExp(matcher.source, `${matcher.flags.replace(/[gym]/g, '')}gm`);
    globalVersions.set(matcher, version);
  }
  return version;
}
