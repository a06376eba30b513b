import { patchParseError } from './patch-parse-error.js';
import { emptyHunk, type FilePatch, type Hunk } from './patch-types.js';

type Section = {
  patchLine: number;
  git: boolean;
  oldPath?: string | null;
  newPath?: string | null;
  gitOld?: string;
  gitNew?: string;
  created: boolean;
  deleted: boolean;
  renameFrom?: string;
  renameTo?: string;
  hunks: Hunk[];
};

const hunkHeader = /^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@+/;

/** How strictly hunk headers are read. */
export type UnifiedDiffOptions = {
  /**
   * When true, a hunk whose body does not hold exactly the line counts its `@@` header states is refused (a
   * truncated or corrupt patch), as `git apply` does. When false (the default, for model-written patches), stated
   * counts are hints, since models often get them wrong.
   */
  strictLineCounts?: boolean;
};

/**
 * Parses unified diffs: git style (`diff --git`, extended headers, renames, creations, deletions) and plain
 * `diff -u`, several files per patch. A hunk that changes nothing (an empty or cut-off body) is always refused.
 * `lines` must already have `\n` endings removed.
 */
export function parseUnifiedDiff(lines: string[], options: UnifiedDiffOptions = {}): FilePatch[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.startsWith('diff --git ')) {
      current = { patchLine: index + 1, git: true, created: false, deleted: false, hunks: [] };
      Object.assign(current, splitGitHeader(line.slice('diff --git '.length)));
      sections.push(current);
      index++;
      continue;
    }
    if (isFileHeader(lines, index)) {
      if (!current || current.hunks.length > 0 || current.oldPath !== undefined) {
        current = { patchLine: index + 1, git: false, created: false, deleted: false, hunks: [] };
        sections.push(current);
      }
      current.oldPath = headerPath(line.slice(4));
      current.newPath = headerPath(lines[index + 1]!.slice(4));
      index += 2;
      continue;
    }
    if (line.startsWith('@@')) {
      if (!current)
        throw patchParseError(
          index + 1,
          'a hunk appears before any file header (`--- a/path` / `+++ b/path`)',
          line,
        );
      const hunk = emptyHunk(current.hunks.length + 1, line, index + 1);
      const body = readHunk(lines, index, hunk);
      checkHunk(hunk, body, options);
      index = body.next;
      current.hunks.push(hunk);
      continue;
    }
    if (current?.git && current.hunks.length === 0) readExtendedHeader(current, line, index);
    index++;
  }
  if (sections.length === 0)
    throw patchParseError(1, 'no file header found: expected `diff --git`, or `---` followed by `+++`');
  return sections.map(toFilePatch);
}

function isFileHeader(lines: string[], index: number): boolean {
  return lines[index]!.startsWith('--- ') && (lines[index + 1]?.startsWith('+++ ') ?? false);
}

function readExtendedHeader(section: Section, line: string, index: number): void {
  if (line.startsWith('new file mode')) section.created = true;
  else if (line.startsWith('deleted file mode')) section.deleted = true;
  else if (line.startsWith('rename from ')) section.renameFrom = unquote(line.slice('rename from '.length));
  else if (line.startsWith('rename to ')) section.renameTo = unquote(line.slice('rename to '.length));
  else if (line.startsWith('copy from ') || line.startsWith('copy to ')) {
    throw patchParseError(
      index + 1,
      'git copies are not supported; write the new file as a creation instead',
      line,
    );
  } else if (
    line.startsWith('GIT binary patch') ||
    (line.startsWith('Binary files ') && line.endsWith(' differ'))
  ) {
    throw patchParseError(index + 1, 'binary patches are not supported', line);
  }
}

type HunkBody = {
  /** Index of the first line after the hunk. */
  next: number;
  /** Whether the header stated line counts. */
  counted: boolean;
  /** Stated old and new line counts not matched by body lines (negative when the body has more). */
  oldRemaining: number;
  newRemaining: number;
};

function checkHunk(hunk: Hunk, body: HunkBody, options: UnifiedDiffOptions): void {
  if (!hunk.lines.some((line) => line.kind !== 'context')) {
    throw patchParseError(
      hunk.patchLine,
      `hunk ${hunk.index} changes nothing: its body is empty or the patch was cut off`,
      hunk.header,
    );
  }
  if (!options.strictLineCounts || !body.counted) return;
  if (body.oldRemaining === 0 && body.newRemaining === 0) return;
  const oldLines = hunk.lines.filter((line) => line.kind !== 'add').length;
  const newLines = hunk.lines.filter((line) => line.kind !== 'remove').length;
  throw patchParseError(
    hunk.patchLine,
    `hunk ${hunk.index} does not match its header: the body has ${oldLines} old and ${newLines} new lines ` +
      '(the patch is truncated or its line counts are wrong)',
    hunk.header,
  );
}

// Reads a hunk body starting at its header.
function readHunk(lines: string[], headerIndex: number, hunk: Hunk): HunkBody {
  const numbers = hunkHeader.exec(lines[headerIndex]!);
  let oldRemaining = Number.POSITIVE_INFINITY;
  let newRemaining = Number.POSITIVE_INFINITY;
  if (numbers) {
    hunk.oldCount = numbers[2] === undefined ? 1 : Number(numbers[2]);
    hunk.oldStart = Number(numbers[1]);
    oldRemaining = hunk.oldCount;
    newRemaining = numbers[4] === undefined ? 1 : Number(numbers[4]);
  }
  let index = headerIndex + 1;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    const countsDone = oldRemaining <= 0 && newRemaining <= 0;
    if (line.startsWith('\\')) {
      markNoNewline(hunk);
      continue;
    }
    if (line.startsWith('@@') || line.startsWith('diff --git ') || isFileHeader(lines, index)) break;
    if (line === '') {
      if ((countsDone || !numbers) && !bodyFollows(lines, index)) break;
      hunk.lines.push({ kind: 'context', text: '' });
      oldRemaining--;
      newRemaining--;
      continue;
    }
    const marker = line[0];
    if (marker !== ' ' && marker !== '-' && marker !== '+') break;
    // After the stated counts, `-- ` is git format-patch's signature separator, not a removed line.
    if (countsDone && line === '-- ') break;
    const text = line.slice(1);
    if (marker === ' ') {
      hunk.lines.push({ kind: 'context', text });
      oldRemaining--;
      newRemaining--;
    } else if (marker === '-') {
      hunk.lines.push({ kind: 'remove', text });
      oldRemaining--;
    } else {
      hunk.lines.push({ kind: 'add', text });
      newRemaining--;
    }
  }
  return { next: index, counted: numbers !== null, oldRemaining, newRemaining };
}

function markNoNewline(hunk: Hunk): void {
  const last = hunk.lines[hunk.lines.length - 1];
  if (!last) return;
  if (last.kind !== 'add') hunk.oldEndsWithoutNewline = true;
  if (last.kind !== 'remove') hunk.newEndsWithoutNewline = true;
}

// A blank line belongs to the hunk only when more body lines follow before anything else.
function bodyFollows(lines: string[], index: number): boolean {
  for (let next = index + 1; next < lines.length; next++) {
    const line = lines[next]!;
    if (line === '') continue;
    if (line.startsWith('diff --git ') || isFileHeader(lines, next) || line === '-- ') return false;
    return line[0] === ' ' || line[0] === '-' || line[0] === '+' || line[0] === '\\';
  }
  return false;
}

function splitGitHeader(rest: string): { gitOld?: string; gitNew?: string } {
  const quoted = /^"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$/.exec(rest);
  if (quoted)
    return { gitOld: stripPrefix(unquote(`"${quoted[1]}"`)), gitNew: stripPrefix(unquote(`"${quoted[2]}"`)) };
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const left = stripPrefix(rest.slice(0, half));
    const right = stripPrefix(rest.slice(half + 1));
    if (left === right) return { gitOld: left, gitNew: right };
  }
  const split = rest.lastIndexOf(' b/');
  if (split < 0) return {};
  return { gitOld: stripPrefix(rest.slice(0, split)), gitNew: stripPrefix(rest.slice(split + 1)) };
}

// `--- a/path\t2024-01-01 ...` → 'a/path' (prefix handled later); `/dev/null` → null.
function headerPath(text: string): string | null {
  let path = text.trimEnd();
  if (path.startsWith('"')) path = unquote(path.slice(0, path.lastIndexOf('"') + 1));
  else path = path.split('\t')[0]!.trimEnd();
  return path === '/dev/null' ? null : path;
}

function stripPrefix(path: string): string {
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

// git's C-style quoting of unusual paths.
function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const escapes: Record<string, string> = {
    n: '\n',
    t: '\t',
    '"': '"',
    '\\': '\\',
    r: '\r',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
  };
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let index = 0; index < body.length; index++) {
    const character = body[index]!;
    if (character !== '\\') {
      bytes.push(...new TextEncoder().encode(character));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(index + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 3;
    } else {
      bytes.push(...new TextEncoder().encode(escapes[body[index + 1]!] ?? body[index + 1]!));
      index++;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function toFilePatch(section: Section): FilePatch {
  const prefixed =
    section.git ||
    (section.oldPath?.startsWith('a/') !== false && section.newPath?.startsWith('b/') !== false);
  const clean = (path: string | null | undefined) => (path && prefixed ? stripPrefix(path) : path);
  const oldPath = section.renameFrom ?? clean(section.oldPath) ?? section.gitOld;
  const newPath = section.renameTo ?? clean(section.newPath) ?? section.gitNew;
  const created = section.created || section.oldPath === null;
  const deleted = section.deleted || section.newPath === null;
  const base = {
    format: 'unified' as const,
    overwrite: false,
    hunks: section.hunks,
    patchLine: section.patchLine,
  };
  if (created) {
    if (!newPath) throw patchParseError(section.patchLine, 'a created file needs a path (`+++ b/path`)');
    return { ...base, action: 'create', path: newPath };
  }
  if (deleted) {
    if (!oldPath) throw patchParseError(section.patchLine, 'a deleted file needs a path (`--- a/path`)');
    return { ...base, action: 'delete', path: oldPath };
  }
  if (!oldPath || !newPath) throw patchParseError(section.patchLine, 'this file section names no file');
  if (oldPath === newPath) return { ...base, action: 'modify', path: newPath };
  if (section.git) return { ...base, action: 'modify', path: newPath, renamedFrom: oldPath };
  return { ...base, action: 'modify', path: newPath, alternatePath: oldPath };
}
