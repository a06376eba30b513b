import type { MatchCollector } from './match-collector.js';

/** Reads rg's `--null --line-number --with-filename --no-heading` output: `path\0line:text\n` per match. */
export type RipgrepOutputReader = {
  /** Parses one stdout chunk; returns false once the collector is full (stop rg). */
  push(chunk: Buffer): boolean;
};

// For a file named on its command line, rg reports a binary file on stdout instead of its matches.
const binaryNotice = /: binary file matches \(found "\\0" byte around offset \d+\)$/;

/**
 * Creates a reader feeding `collector`. Paths are decoded once per file (rg prints a file's matches together) and a
 * line's text only when the collector keeps it, so matches past `maxResults` cost almost nothing.
 */
export function createRipgrepOutputReader(
  target: string,
  collector: MatchCollector,
  matchesGlob: (path: string) => boolean,
): RipgrepOutputReader {
  let carry: Buffer | undefined;
  let pathBytes = Buffer.alloc(0);
  let path = '';
  let pathWanted = false;

  const selectPath = (buffer: Buffer, start: number, end: number) => {
    if (buffer.compare(pathBytes, 0, pathBytes.length, start, end) === 0) return;
    pathBytes = Buffer.from(buffer.subarray(start, end));
    const printed = pathBytes.toString('utf8');
    path = target === '.' && printed.startsWith('./') ? printed.slice(2) : printed;
    pathWanted = matchesGlob(path);
  };

  // Parses whole records from `start`; returns where the first incomplete one begins.
  const parse = (buffer: Buffer, start: number): number => {
    let position = start;
    while (!collector.full) {
      const newline = buffer.indexOf(10, position);
      if (newline === -1) return position;
      const nul = buffer.indexOf(0, position);
      if (nul === -1 || newline < nul) {
        if (binaryNotice.test(buffer.toString('utf8', position, newline))) {
          position = newline + 1;
          continue;
        }
        // A path containing a newline; wait for its NUL.
        if (nul === -1) return position;
      }
      const end = buffer.indexOf(10, nul + 1);
      if (end === -1) return position;
      let cursor = nul + 1;
      let line = 0;
      for (
        let digit = buffer[cursor] as number;
        digit >= 48 && digit <= 57;
        digit = buffer[++cursor] as number
      ) {
        line = line * 10 + digit - 48;
      }
      selectPath(buffer, position, nul);
      position = end + 1;
      if (!pathWanted) continue;
      if (!collector.wants(path, line)) {
        collector.count();
        continue;
      }
      const textEnd = buffer[end - 1] === 13 ? end - 1 : end;
      collector.add(path, line, buffer.toString('utf8', cursor + 1, textEnd));
    }
    return position;
  };

  return {
    push(chunk) {
      const buffer = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
      const consumed = parse(buffer, 0);
      carry = consumed < buffer.length ? buffer.subarray(consumed) : undefined;
      return !collector.full;
    },
  };
}
