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

/** The failures, one per hunk, and the all-or-nothing verdict. */
export function formatPatchErrors(errors: PatchError[], style: Style): string {
  const lines: string[] = [];
  for (const error of errors) {
    const where =
      error.hunk === undefined
        ? error.file
        : `${error.file} hunk ${error.hunk}${error.header ? ` (${error.header})` : ''}`;
    // The engine's messages often start with the file already; name it once.
    const message = firstLine(error.message).replace(new RegExp(`^${escapeRegExp(error.file)}: `), '');
    lines.push(`${style.red('✗')} ${where === '' ? '' : `${where}: `}${message}`);
    if (error.nearest !== undefined) {
      const preview = error.nearest.text.split('\n').slice(0, 3).join('\n      ');
      lines.push(`    nearest text at line ${error.nearest.line}:\n      ${preview}`);
    }
  }
  lines.push('nothing was written: the patch does not apply');
  return `${lines.join('\n')}\n`;
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
