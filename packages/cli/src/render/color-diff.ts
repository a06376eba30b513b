import type { Style } from './style.js';
import { exactly, type TerminalText } from './terminal-text.js';

/**
 * A unified diff made safe and coloured line by line: additions green, removals red, hunk headers cyan, file
 * headers bold. Each line is sanitised on its own, with control characters and escape sequences shown visibly
 * (`\x1b[2K`: a reviewer should see that a file holds them), a `\r` inside a line as `␍` and a CRLF ending dropped,
 * so file content can neither steer the terminal nor start a line that is not part of the diff.
 */
export function colorDiff(diff: string, style: Style): TerminalText {
  return diff
    .split('\n')
    .map((raw) => {
      const line = exactly(raw.replace(/\r$/, '').replace(/\r/g, '␍'));
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff '))
        return style.bold(line);
      if (line.startsWith('@@')) return style.cyan(line);
      if (line.startsWith('+')) return style.green(line);
      if (line.startsWith('-')) return style.red(line);
      return line;
    })
    .join('\n') as TerminalText;
}
