import type { ToolExecStatus, ToolResult } from '@wright/core';
import { fileName, fileNames, own, type TerminalText, trusted, untrustedLine } from './terminal-text.js';

/** The most telling part of a tool call's input, in one short line, made safe to print. */
export function summarizeToolInput(name: string, input: unknown): TerminalText {
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  if (name === 'update_plan' && Array.isArray(fields.plan)) return own`${fields.plan.length} steps`;
  const description = text('description');
  if (name === 'task' && description !== undefined) {
    return own`${untrustedLine(text('agent') ?? 'general')}: ${untrustedLine(oneLine(description))}`;
  }
  const patch = text('patch');
  if (name === 'apply_patch' && patch !== undefined) return fileNames(patchedFiles(patch));
  const command = text('command');
  if (command !== undefined) return untrustedLine(oneLine(command));
  const path = text('path') ?? text('file_path');
  const pattern = text('pattern') ?? text('query');
  if (pattern !== undefined) {
    const where = path === undefined ? trusted('') : own` in ${fileName(path)}`;
    return own`${untrustedLine(oneLine(pattern))}${where}`;
  }
  if (path !== undefined) return fileName(path);
  const json = JSON.stringify(input);
  return json === undefined || json === '{}' ? trusted('') : untrustedLine(oneLine(json));
}

/** A few words on how a tool call went, made safe to print. */
export function summarizeToolResult(status: ToolExecStatus, result: ToolResult): TerminalText {
  const firstLine = untrustedLine(
    oneLine(result.output.split('\n').find((line) => line.trim() !== '') ?? ''),
  );
  const display = result.display;
  if (status === 'error' && display?.kind === 'command' && display.exitCode !== null && !display.timedOut) {
    return own`exit ${display.exitCode}`;
  }
  if (status !== 'ok') return firstLine === '' ? trusted(status) : own`${trusted(status)}: ${firstLine}`;
  if (display?.kind === 'diff') {
    const added = display.files.reduce((sum, file) => sum + file.added, 0);
    const removed = display.files.reduce((sum, file) => sum + file.removed, 0);
    const files = display.files.length === 1 ? trusted('1 file') : own`${display.files.length} files`;
    return own`${files} +${added} -${removed}`;
  }
  if (display?.kind === 'command') {
    if (display.timedOut) return trusted('timed out');
    return display.exitCode === null ? trusted('no exit code') : own`exit ${display.exitCode}`;
  }
  if (display?.kind === 'plan') {
    const done = display.plan.filter((entry) => entry.status === 'completed').length;
    return own`${done}/${display.plan.length} done`;
  }
  if (display?.kind === 'files') {
    const count = display.paths.length;
    const noun = count === 1 && !display.truncated ? 'file' : 'files';
    return own`${count}${trusted(display.truncated ? '+' : '')} ${trusted(noun)}`;
  }
  const outputLines = result.output === '' ? [] : result.output.split('\n');
  // read_file numbers its lines (`    12\tcode`) and adds a note after them; count only the file's lines.
  const numbered = outputLines.filter((line) => /^ *\d+\t/.test(line)).length;
  const lines = numbered > 0 ? numbered : outputLines.length;
  if (numbered > 0) return own`${lines} ${trusted(lines === 1 ? 'line' : 'lines')}`;
  return lines > 1 ? own`${lines} lines` : firstLine;
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
