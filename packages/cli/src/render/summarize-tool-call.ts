import type { ToolExecStatus, ToolResult } from '@wright/core';

/** The most telling part of a tool call's input, in one short line. */
export function summarizeToolInput(name: string, input: unknown): string {
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  if (name === 'apply_patch' && text('patch') !== undefined)
    return patchedFiles(text('patch') ?? '').join(', ');
  const primary = text('command') ?? text('path') ?? text('pattern') ?? text('file_path') ?? text('query');
  if (primary !== undefined) {
    const extra = text('pattern') !== undefined && text('path') !== undefined ? ` in ${text('path')}` : '';
    return oneLine(primary === text('path') || primary === text('command') ? primary : primary + extra);
  }
  const json = JSON.stringify(input);
  return json === undefined || json === '{}' ? '' : oneLine(json);
}

/** A few words on how a tool call went. */
export function summarizeToolResult(status: ToolExecStatus, result: ToolResult): string {
  const firstLine = oneLine(result.output.split('\n').find((line) => line.trim() !== '') ?? '');
  const display = result.display;
  if (status === 'error' && display?.kind === 'command' && display.exitCode !== null && !display.timedOut) {
    return `exit ${display.exitCode}`;
  }
  if (status !== 'ok') return `${status}${firstLine === '' ? '' : `: ${firstLine}`}`;
  if (display?.kind === 'diff') {
    const added = display.files.reduce((sum, file) => sum + file.added, 0);
    const removed = display.files.reduce((sum, file) => sum + file.removed, 0);
    const files = display.files.length === 1 ? '1 file' : `${display.files.length} files`;
    return `${files} +${added} -${removed}`;
  }
  if (display?.kind === 'command') {
    if (display.timedOut) return 'timed out';
    return display.exitCode === null ? 'no exit code' : `exit ${display.exitCode}`;
  }
  if (display?.kind === 'files') {
    const count = display.paths.length;
    return `${count}${display.truncated ? '+' : ''} ${count === 1 && !display.truncated ? 'file' : 'files'}`;
  }
  const outputLines = result.output === '' ? [] : result.output.split('\n');
  // read_file numbers its lines (`    12\tcode`) and adds a note after them; count only the file's lines.
  const numbered = outputLines.filter((line) => /^ *\d+\t/.test(line)).length;
  const lines = numbered > 0 ? numbered : outputLines.length;
  if (numbered > 0) return `${lines} ${lines === 1 ? 'line' : 'lines'}`;
  return lines > 1 ? `${lines} lines` : firstLine;
}

function patchedFiles(patch: string): string[] {
  const files = new Set<string>();
  for (const line of patch.split('\n')) {
    const codex = /^\*\*\* (?:Add|Update|Delete) File: (.+)$/.exec(line);
    const unified = /^\+\+\+ (?:b\/)?(.+)$/.exec(line);
    const path = codex?.[1] ?? unified?.[1];
    if (path !== undefined && path !== '/dev/null') files.add(path.trim());
  }
  return [...files];
}

function oneLine(text: string, limit = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}
