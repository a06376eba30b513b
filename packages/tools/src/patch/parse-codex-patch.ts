import { patchParseError } from './patch-parse-error.js';
import { emptyHunk, type FilePatch, type Hunk } from './patch-types.js';

const operation = /^\*\*\* (Add|Delete|Update) File: (.+)$/;

/**
 * Parses the Codex `*** Begin Patch` envelope: `*** Add File:` (lines of `+`), `*** Delete File:`,
 * `*** Update File:` with optional `*** Move to:` and `@@`-separated hunks (`@@ text` names a line to find first;
 * `*** End of File` pins a hunk to the end). Marker lines may carry stray surrounding whitespace. The envelope
 * lines themselves are optional.
 */
export function parseCodexPatch(lines: string[]): FilePatch[] {
  let index = lines.findIndex((line) => line.trim() !== '');
  if (lines[index]?.trim() === '*** Begin Patch') index++;
  const files: FilePatch[] = [];
  let ended = false;
  while (index < lines.length) {
    const line = lines[index]!;
    const marker = line.trim();
    if (marker === '') {
      index++;
      continue;
    }
    if (marker === '*** End Patch') {
      ended = true;
      index++;
      break;
    }
    const match = operation.exec(marker);
    if (!match) {
      throw patchParseError(
        index + 1,
        'expected `*** Add File: path`, `*** Delete File: path`, `*** Update File: path` or `*** End Patch`',
        line,
      );
    }
    const path = match[2]!.trim();
    const base = {
      format: 'codex' as const,
      overwrite: true,
      path,
      patchLine: index + 1,
      hunks: [] as Hunk[],
    };
    index++;
    if (match[1] === 'Delete') {
      files.push({ ...base, action: 'delete' });
    } else if (match[1] === 'Add') {
      const hunk = emptyHunk(1, '*** Add File', base.patchLine);
      while (index < lines.length && lines[index]!.startsWith('+')) {
        hunk.lines.push({ kind: 'add', text: lines[index]!.slice(1) });
        index++;
      }
      files.push({ ...base, action: 'create', hunks: [hunk] });
    } else {
      const file: FilePatch = { ...base, action: 'modify' };
      const moveTo = /^\*\*\* Move to: (.+)$/.exec(lines[index]?.trim() ?? '');
      if (moveTo) {
        file.renamedFrom = path;
        file.path = moveTo[1]!.trim();
        index++;
      }
      index = readUpdateHunks(lines, index, file);
      if (file.hunks.length === 0 && !file.renamedFrom) {
        throw patchParseError(
          file.patchLine,
          `\`*** Update File: ${path}\` has no hunks; add \`@@\` followed by context, \`-\` and \`+\` lines`,
        );
      }
      files.push(file);
    }
  }
  const rest = lines.slice(index).findIndex((line) => line.trim() !== '');
  if (ended && rest >= 0)
    throw patchParseError(index + rest + 1, 'text after `*** End Patch`', lines[index + rest]);
  if (files.length === 0) throw patchParseError(1, 'the patch contains no file operations');
  return files;
}

function readUpdateHunks(lines: string[], start: number, file: FilePatch): number {
  let index = start;
  let hunk: Hunk | undefined;
  let trailingBlank = 0;
  const open = (header: string) => {
    hunk = emptyHunk(file.hunks.length + 1, header, index + 1);
    file.hunks.push(hunk);
    return hunk;
  };
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (trimmed === '*** End of File') {
      trailingBlank = 0;
      if (hunk) hunk.atEndOfFile = true;
      continue;
    }
    if (trimmed.startsWith('***')) break;
    if (line.startsWith('@@')) {
      const anchor = line.slice(2).trim();
      // Consecutive `@@ text` lines narrow the search step by step (class, then method).
      trailingBlank = 0;
      const current = hunk && hunk.lines.length === 0 ? hunk : open(line);
      if (anchor !== '') current.anchors.push(anchor);
      continue;
    }
    const marker = line[0];
    const target = hunk ?? open('@@');
    trailingBlank = line === '' ? trailingBlank + 1 : 0;
    if (line === '') target.lines.push({ kind: 'context', text: '' });
    else if (marker === ' ') target.lines.push({ kind: 'context', text: line.slice(1) });
    else if (marker === '-') target.lines.push({ kind: 'remove', text: line.slice(1) });
    else if (marker === '+') target.lines.push({ kind: 'add', text: line.slice(1) });
    else {
      throw patchParseError(
        index + 1,
        `in \`*** Update File: ${file.renamedFrom ?? file.path}\`, hunk lines must start with ' ' (context), '-' (remove) or '+' (add)`,
        line,
      );
    }
  }
  // Blank lines right before the next operation are spacing, not context.
  while (trailingBlank > 0 && hunk) {
    hunk.lines.pop();
    trailingBlank--;
  }
  return index;
}
