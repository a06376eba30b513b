import type { PatchFileReport, PatchReport } from '@wright/tools';
import type { Style } from '../render/style.js';

type FileReport = PatchFileReport;
type PatchError = PatchReport['errors'][number];

/** One line per file: what was done (or, with `check`, would be done), then a total. */
export function formatPatchReport(files: FileReport[], options: { check: boolean; style: Style }): string {
  const { check, style } = options;
  const lines = files.map((file) => {
    const verb = check ? `would ${presentVerb(file.action)}` : pastVerb(file.action);
    const name = file.renamedFrom === undefined ? file.path : `${file.renamedFrom} → ${file.path}`;
    const counts = `${style.green(`+${file.added}`)} ${style.red(`-${file.removed}`)}`;
    return `${verb} ${style.bold(name)}: ${describeHunks(file)} ${counts}${file.overwrote ? ' (replaced an existing file)' : ''}`;
  });
  const total = `${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  lines.push(
    check ? `check: the patch applies cleanly to ${total}; nothing was written` : `applied to ${total}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The failure as one line, cause then fix: each failed hunk named once (file, hunk number, header) with why it did
 * not apply and where its nearest candidate is, then the all-or-nothing verdict and what to do.
 */
export function formatPatchErrors(errors: PatchError[], style: Style): string {
  const parts = errors.map((error) => {
    const where =
      error.hunk === undefined
        ? error.file
        : `${error.file} hunk ${error.hunk}${error.header ? ` (${error.header})` : ''}`;
    // The engine's messages are written for the model and name the file and the hunk themselves; say them once.
    const reason = firstLine(error.message)
      .replace(new RegExp(`^${escapeRegExp(error.file)}: `), '')
      .replace(new RegExp(`^hunk ${error.hunk ?? ''} \\(${escapeRegExp(error.header ?? '')}\\) `), '')
      .replace(/\s*The nearest candidate is at line \d+:?$/, '')
      .replace(/\.$/, '');
    const nearest = error.nearest === undefined ? '' : ` (nearest candidate at line ${error.nearest.line})`;
    const cause = /^does not apply/.test(reason) ? `${where} ${reason}` : `${where}: ${reason}`;
    return `${cause}${nearest}`;
  });
  const hint = "update the patch to the current files ('wright apply --json' shows each hunk's nearest text)";
  return `${style.red('wright apply:')} ${parts.join('; ')}, so nothing was written; ${hint}\n`;
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
