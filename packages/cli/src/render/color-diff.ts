import type { Style } from './style.js';

/** Colours a unified diff line by line: additions green, removals red, hunk headers cyan, file headers bold. */
export function colorDiff(diff: string, style: Style): string {
  if (!style.enabled) return diff;
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff '))
        return style.bold(line);
      if (line.startsWith('@@')) return style.cyan(line);
      if (line.startsWith('+')) return style.green(line);
      if (line.startsWith('-')) return style.red(line);
      return line;
    })
    .join('\n');
}
