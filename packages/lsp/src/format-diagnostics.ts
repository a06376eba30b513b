import type { DiagnosticsReport, FileDiagnostic } from './lsp-manager.js';

/** Limits on what one tool result carries. */
export type DiagnosticsFormat = {
  /** Diagnostics listed at most (the rest are counted). Default 20. */
  maxItems?: number;
  /** Characters of one message at most. Default 300. */
  maxMessageChars?: number;
  /** List diagnostics that were already there before the change too. Default false: only new ones. */
  includeExisting?: boolean;
};

/**
 * The text appended to an edit's result: the new problems as `path:line:col severity code: message`, or an
 * explicit "no new errors" so the model knows the check ran, or why diagnostics were unavailable. Empty when no
 * server serves the changed files.
 */
export function formatDiagnostics(report: DiagnosticsReport, format: DiagnosticsFormat = {}): string {
  const maxItems = format.maxItems ?? 20;
  const maxMessage = format.maxMessageChars ?? 300;
  const lines: string[] = [];
  const shown = report.diagnostics.filter((item) => format.includeExisting === true || item.isNew);
  const errors = shown.filter((item) => item.severity === 'error');
  const warnings = shown.filter((item) => item.severity === 'warning');
  const servers = [...new Set(report.servers)].join(', ');
  if (report.checked.length > 0) {
    if (shown.length === 0) lines.push(`Diagnostics (${servers}): no new errors.`);
    else {
      const counts = [`${errors.length} new error${errors.length === 1 ? '' : 's'}`];
      if (warnings.length > 0)
        counts.push(`${warnings.length} new warning${warnings.length === 1 ? '' : 's'}`);
      lines.push(`Diagnostics (${servers}): ${counts.join(', ')}:`);
      for (const item of [...errors, ...warnings].slice(0, maxItems))
        lines.push(formatItem(item, maxMessage));
      if (shown.length > maxItems) lines.push(`… and ${shown.length - maxItems} more`);
    }
  }
  for (const { path, reason } of report.unavailable)
    lines.push(`Diagnostics unavailable for ${path}: ${reason}.`);
  return lines.join('\n');
}

function formatItem(item: FileDiagnostic, maxMessage: number): string {
  const flat = item.message.replace(/\s*\n\s*/g, '; ');
  const message = flat.length > maxMessage ? `${flat.slice(0, maxMessage)}…` : flat;
  // TypeScript's codes are bare numbers; they are known as TS2322 and so on.
  const typescriptCode = item.source === 'typescript' && item.code !== undefined && /^\d+$/.test(item.code);
  const code = item.code === undefined ? '' : ` ${typescriptCode ? `TS${item.code}` : item.code}`;
  return `${item.path}:${item.line}:${item.column} ${item.severity}${code}: ${message}`;
}
