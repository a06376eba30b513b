import type { PatchFileReport, PatchReport } from '@wright/tools';
import type { Style } from '../render/style.js';
import {
  fileName,
  joinText,
  own,
  type TerminalText,
  trusted,
  untrustedLine,
} from '../render/terminal-text.js';

type FileReport = PatchFileReport;
type PatchError = PatchReport['errors'][number];

/** One line per file: what was done (or, with `check`, would be done), then a total. */
export function formatPatchReport(
  files: FileReport[],
  options: { check: boolean; style: Style },
): TerminalText {
  const { check, style } = options;
  const lines = files.map((file) => {
    const verb = trusted(check ? `would ${presentVerb(file.action)}` : pastVerb(file.action));
    const name =
      file.renamedFrom === undefined
        ? fileName(file.path)
        : own`${fileName(file.renamedFrom)} → ${fileName(file.path)}`;
    const counts = own`${style.green(own`+${file.added}`)} ${style.red(own`-${file.removed}`)}`;
    const overwrote = trusted(file.overwrote ? ' (replaced an existing file)' : '');
    return own`${verb} ${style.bold(name)}: ${trusted(describeHunks(file))} ${counts}${overwrote}`;
  });
  const total = own`${files.length} ${trusted(files.length === 1 ? 'file' : 'files')}`;
  lines.push(
    check ? own`check: the patch applies cleanly to ${total}; nothing was written` : own`applied to ${total}`,
  );
  return own`${joinText(lines, trusted('\n'))}\n`;
}

/**
 * The failure as one line, cause then fix: each failed hunk named once (file, hunk number, header) with why it did
 * not apply and where its nearest candidate is, then the all-or-nothing verdict and what to do.
 */
export function formatPatchErrors(errors: PatchError[], style: Style): TerminalText {
  const parts = errors.map((error) => {
    const header = error.header ? own` (${untrustedLine(error.header)})` : trusted('');
    const where =
      error.hunk === undefined
        ? fileName(error.file)
        : own`${fileName(error.file)} hunk ${error.hunk}${header}`;
    // The engine's messages are written for the model and name the file and the hunk themselves; say them once.
    const reason = firstLine(error.message)
      .replace(new RegExp(`^${escapeRegExp(error.file)}: `), '')
      .replace(new RegExp(`^hunk ${error.hunk ?? ''} \\(${escapeRegExp(error.header ?? '')}\\) `), '')
      .replace(/\s*The nearest candidate is at line \d+:?$/, '')
      .replace(/\.$/, '');
    const nearest =
      error.nearest === undefined ? trusted('') : own` (nearest candidate at line ${error.nearest.line})`;
    const cause = /^does not apply/.test(reason)
      ? own`${where} ${untrustedLine(reason)}`
      : own`${where}: ${untrustedLine(reason)}`;
    return own`${cause}${nearest}`;
  });
  const hint = trusted(
    "update the patch to the current files ('wright apply --json' shows each hunk's nearest text)",
  );
  return own`${style.red(trusted('wright apply:'))} ${joinText(parts, trusted('; '))}, so nothing was written; ${hint}\n`;
}

function describeHunks(file: FileReport): string {
  if (file.hunks.length === 0) return 'no hunks';
  const moved = file.hunks.filter((hunk) => hunk.status === 'offset').length;
  const fuzzy = file.hunks.filter((hunk) => hunk.status === 'fuzzy').length;
  const parts = [`${file.hunks.length} ${file.hunks.length === 1 ? 'hunk' : 'hunks'}`];
  if (moved > 0) {
    const offsets = file.hunks.filter((hunk) => hunk.status === 'offset').map((hunk) => signed(hunk.offset));
    parts.push(`${moved} at an offset (${offsets.join(', ')} lines)`);
  }
  if (fuzzy > 0) parts.push(`${fuzzy} fuzzy`);
  return parts.join(', ');
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

function pastVerb(action: FileReport['action']): string {
  return { create: 'created', modify: 'modified', delete: 'deleted', rename: 'renamed' }[action];
}

function presentVerb(action: FileReport['action']): string {
  return { create: 'create', modify: 'modify', delete: 'delete', rename: 'rename' }[action];
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
