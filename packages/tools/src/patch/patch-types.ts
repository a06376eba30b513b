/** One line of a hunk body. */
export type HunkLine = {
  /** `context` lines stay, `remove` lines go, `add` lines are new. */
  kind: 'context' | 'remove' | 'add';
  /** The line's text, without the leading marker and without a line ending. */
  text: string;
};

/** One hunk: a run of context, removed and added lines, with an optional stated position. */
export type Hunk = {
  /** 1-based index of the hunk within its file section. */
  index: number;
  /** The `@@` line as written (`@@` for a Codex hunk without context header). */
  header: string;
  /** 1-based line of the header in the patch text. */
  patchLine: number;
  /** Stated first old line (unified diffs), 1-based; 0 for an insertion at the start; absent when unknown. */
  oldStart?: number;
  /** Stated old line count, when given. */
  oldCount?: number;
  /** Codex `@@ text` headers: lines to find first; the hunk is searched after the last of them. */
  anchors: string[];
  /** The body, in order. */
  lines: HunkLine[];
  /** The old side's last line has no newline (`\ No newline at end of file` after a context or removed line). */
  oldEndsWithoutNewline: boolean;
  /** The new side's last line has no newline. */
  newEndsWithoutNewline: boolean;
  /** Codex `*** End of File`: the hunk belongs at the end of the file. */
  atEndOfFile: boolean;
};

/** What a patch does to one file. */
export type FilePatch = {
  /** Which syntax the section was written in. */
  format: 'unified' | 'codex';
  /** `create` a new file, `delete` one, or `modify` one (possibly renaming it). */
  action: 'create' | 'delete' | 'modify';
  /** Workspace-relative path the section applies to (the new path of a rename). */
  path: string;
  /** For a rename: the old path. */
  renamedFrom?: string;
  /** Plain (non-git) diffs naming two different files: the other name, tried when `path` does not exist. */
  alternatePath?: string;
  /** The section may replace an existing file (Codex `*** Add File` and `*** Move to` do). */
  overwrite: boolean;
  /** The hunks, in patch order. A created file's content is one hunk of added lines. */
  hunks: Hunk[];
  /** 1-based line in the patch text where the section starts. */
  patchLine: number;
};

/** A parsed patch: every file section, in order. */
export type ParsedPatch = {
  /** The syntax of the whole patch. */
  format: 'unified' | 'codex';
  /** File sections in patch order. */
  files: FilePatch[];
};

/** Creates an empty hunk. */
export function emptyHunk(index: number, header: string, patchLine: number): Hunk {
  return {
    index,
    header,
    patchLine,
    anchors: [],
    lines: [],
    oldEndsWithoutNewline: false,
    newEndsWithoutNewline: false,
    atEndOfFile: false,
  };
}

/** The old side of a hunk (context and removed lines). */
export function oldSide(hunk: Hunk): string[] {
  return hunk.lines.filter((line) => line.kind !== 'add').map((line) => line.text);
}
