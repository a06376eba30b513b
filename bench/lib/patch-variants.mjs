import { diffContents } from './patch-corpus.mjs';

/**
 * The perturbed variants of one corpus case. Each returns { target, expected, patch, preimage } (strings):
 * the file as it is on disk before applying, the only correct result, the patch text, and the content the diff's
 * `index` line names (for `git apply --3way`); or undefined when the class does not apply to the case.
 * docs/performance.md defines each class in words.
 */
export const variantClasses = {
  clean: (item) => ({ target: item.old, expected: item.new, patch: item.diff, preimage: item.old }),
  shifted: shifted,
  'context drift': contextDrift,
  'trailing whitespace': trailingWhitespace,
  'CRLF file, LF diff': (item) => ({
    target: toCrlf(item.old),
    expected: toCrlf(item.new),
    patch: item.diff,
    preimage: item.old,
  }),
  'CRLF file, CRLF diff': (item) => ({
    target: toCrlf(item.old),
    expected: toCrlf(item.new),
    patch: diffContents(toCrlf(item.old), toCrlf(item.new), item.path),
    preimage: toCrlf(item.old),
  }),
  'no final newline': noFinalNewline,
  'hunks out of order': hunksOutOfOrder,
};

const shiftLines = Array.from(
  { length: 12 },
  (_, index) => `unrelated line ${index + 1}, added by an earlier edit`,
);

/** 12 lines inserted just above the first hunk that does not start at line 1: that hunk and later ones move down. */
function shifted(item) {
  const { hunks } = parseSection(item.diff);
  const hunk = hunks.find(
    (candidate) => candidate.oldStart > 1 && candidate.oldCount > 0 && candidate.newCount > 0,
  );
  if (hunk === undefined) return undefined;
  return {
    target: insertLines(item.old, hunk.oldStart - 1, shiftLines),
    expected: insertLines(item.new, hunk.newStart - 1, shiftLines),
    patch: item.diff,
    preimage: item.old,
  };
}

/** In every hunk, the outermost context line (first, else last) was edited since the diff was made. */
function contextDrift(item) {
  const { hunks } = parseSection(item.diff);
  const oldEdits = new Set();
  const newEdits = new Set();
  for (const hunk of hunks) {
    const lines = hunk.positions.filter((line) => line.kind !== '\\');
    const pick = [lines[0], lines[lines.length - 1]].find((line) => line?.kind === ' ');
    if (pick === undefined) continue;
    oldEdits.add(pick.oldIndex);
    newEdits.add(pick.newIndex);
  }
  if (oldEdits.size === 0) return undefined;
  const drift = (line) => `${line} /* drifted */`;
  return {
    target: mapLines(item.old, oldEdits, drift),
    expected: mapLines(item.new, newEdits, drift),
    patch: item.diff,
    preimage: item.old,
  };
}

/**
 * Every context and removed line of every hunk had its trailing whitespace changed on disk (a space added, or
 * the existing trailing whitespace stripped). Context lines keep the disk's version in the result.
 */
function trailingWhitespace(item) {
  const { hunks } = parseSection(item.diff);
  const oldEdits = new Set();
  const newEdits = new Set();
  for (const hunk of hunks) {
    for (const line of hunk.positions) {
      if (line.kind === ' ') {
        oldEdits.add(line.oldIndex);
        newEdits.add(line.newIndex);
      } else if (line.kind === '-') oldEdits.add(line.oldIndex);
    }
  }
  const toggle = (line) => (/[ \t]$/.test(line) ? line.replace(/[ \t]+$/, '') : `${line} `);
  return {
    target: mapLines(item.old, oldEdits, toggle),
    expected: mapLines(item.new, newEdits, toggle),
    patch: item.diff,
    preimage: item.old,
  };
}

/** Both versions lack their final newline; the diff is made from them (so it carries the `\ No newline` markers). */
function noFinalNewline(item) {
  if (!item.old.endsWith('\n') || !item.new.endsWith('\n')) return undefined;
  const target = item.old.slice(0, -1);
  const expected = item.new.slice(0, -1);
  const patch = diffContents(target, expected, item.path);
  // Only cases whose last hunk reaches the end of the file differ from the clean diff.
  if (!patch.includes('\\ No newline at end of file')) return undefined;
  return { target, expected, patch, preimage: target };
}

/** The file's hunks in reverse order (files with two or more hunks). */
function hunksOutOfOrder(item) {
  const { header, hunks } = parseSection(item.diff);
  if (hunks.length < 2) return undefined;
  const patch =
    header +
    [...hunks]
      .reverse()
      .map((hunk) => hunk.text)
      .join('');
  return { target: item.old, expected: item.new, patch, preimage: item.old };
}

/**
 * Parses one file section of a git diff: the header text and the hunks, each with its stated ranges, raw text and
 * per-line positions (0-based old and new line indexes).
 */
export function parseSection(section) {
  const lines = section.split(/(?<=\n)/);
  let header = '';
  const hunks = [];
  for (const line of lines) {
    const match = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (match) {
      hunks.push({
        oldStart: Number(match[1]),
        oldCount: match[2] === undefined ? 1 : Number(match[2]),
        newStart: Number(match[3]),
        newCount: match[4] === undefined ? 1 : Number(match[4]),
        text: line,
        positions: [],
      });
      continue;
    }
    const hunk = hunks[hunks.length - 1];
    if (hunk === undefined) {
      header += line;
      continue;
    }
    hunk.text += line;
  }
  for (const hunk of hunks) {
    let oldIndex = hunk.oldStart - 1;
    let newIndex = hunk.newStart - 1;
    for (const line of hunk.text.split(/(?<=\n)/).slice(1)) {
      const kind = line[0];
      if (kind === ' ') hunk.positions.push({ kind, oldIndex: oldIndex++, newIndex: newIndex++ });
      else if (kind === '-') hunk.positions.push({ kind, oldIndex: oldIndex++ });
      else if (kind === '+') hunk.positions.push({ kind, newIndex: newIndex++ });
      else if (kind === '\\') hunk.positions.push({ kind });
    }
  }
  return { header, hunks };
}

/** Splits LF text into lines, remembering whether it ended with a newline. */
function splitText(text) {
  const lines = text.split('\n');
  const finalNewline = text.endsWith('\n');
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

function joinText({ lines, finalNewline }) {
  return lines.join('\n') + (finalNewline ? '\n' : '');
}

function insertLines(text, index, inserted) {
  const split = splitText(text);
  split.lines.splice(index, 0, ...inserted);
  return joinText(split);
}

function mapLines(text, indexes, change) {
  const split = splitText(text);
  split.lines = split.lines.map((line, index) => (indexes.has(index) ? change(line) : line));
  return joinText(split);
}

function toCrlf(text) {
  return text.replace(/\n/g, '\r\n');
}
