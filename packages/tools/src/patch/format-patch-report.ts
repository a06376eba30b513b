import type { PatchReport } from './apply-patch-to-workspace.js';

const letters = { create: 'A', modify: 'M', delete: 'D', rename: 'R' } as const;

/**
 * Describes a patch report in plain text, one line per file (`M src/a.ts  +3 -1  hunks: 1 exact, 2 offset +4`),
 * or the errors when it failed. Used by the apply_patch tool and `wright apply`.
 */
export function formatPatchReport(report: PatchReport): string {
  if (!report.ok) {
    const errors = report.errors.map((error) => `- ${error.message.replaceAll('\n', '\n  ')}`);
    return `The patch was not applied; no file was changed.\n${errors.join('\n')}`;
  }
  const heading = report.written ? 'Applied the patch:' : 'The patch applies cleanly (nothing was written):';
  const lines = report.files.map((file) => {
    const name = file.renamedFrom ? `${file.renamedFrom} → ${file.path}` : file.path;
    const overwrote = file.overwrote ? ' (replaced the existing file)' : '';
    const hunks =
      file.action === 'modify' || file.action === 'rename' ? `  ${describeHunks(file.hunks)}` : '';
    return `${letters[file.action]} ${name}  +${file.added} -${file.removed}${overwrote}${hunks}`;
  });
  return [heading, ...lines].join('\n');
}

function describeHunks(hunks: PatchReport['files'][number]['hunks']): string {
  if (hunks.length === 0) return 'no hunks';
  const parts = hunks.map((hunk) => {
    if (hunk.status === 'exact') return `#${hunk.index} exact`;
    const offset = hunk.offset === 0 ? '' : ` offset ${hunk.offset > 0 ? '+' : ''}${hunk.offset}`;
    const fuzz = hunk.fuzz === 0 ? '' : ` fuzz ${hunk.fuzz}`;
    return `#${hunk.index} at line ${hunk.line}${offset}${fuzz}`;
  });
  return `hunks: ${parts.join(', ')}`;
}
