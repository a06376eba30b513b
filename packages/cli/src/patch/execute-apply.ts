import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { applyPatchToWorkspace, createFileWorkspace } from '@wright/tools/patch';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue } from '../command-definition.js';
import { CliFailure, exitCodes } from '../exit-codes.js';
import { printJson, printText } from '../render/print-text.js';
import { colorEnabled, createStyle } from '../render/style.js';
import { workspaceDirectory } from '../session/run-flags.js';
import { formatPatchErrors, formatPatchReport } from './format-patch-report.js';

/** `wright apply`: all or nothing, one line per file; exit 0 when every hunk applied, 1 otherwise. */
export async function executeApply(input: CommandInput, context: CliContext): Promise<number> {
  const source = input.positionals[0] ?? '-';
  const root = await workspaceDirectory(input, context.cwd);
  const check = flagValue(input, 'check');
  const patchText =
    source === '-' ? await readStream(context.stdin) : await readPatchFile(resolve(context.cwd, source));
  const workspace = await createFileWorkspace(root);
  // Patches given to `wright apply` come from tools (git, diff, a pipe), so a hunk that does not match its stated
  // line counts is a truncated or corrupt patch, refused as `git apply` does.
  const report = await applyPatchToWorkspace(workspace, patchText, {
    check,
    strictLineCounts: true,
    origin: { toolName: 'wright apply', callId: '' },
  });
  if (flagValue(input, 'json')) {
    const { planned: _planned, ...plain } = report;
    printJson(context.stdout, plain);
    return report.ok ? exitCodes.ok : exitCodes.failure;
  }
  const style = createStyle(colorEnabled(context.stdout, context.env));
  if (!report.ok) {
    printText(
      context.stderr,
      formatPatchErrors(report.errors, createStyle(colorEnabled(context.stderr, context.env))),
    );
    return exitCodes.failure;
  }
  printText(context.stdout, formatPatchReport(report.files, { check, style }));
  return exitCodes.ok;
}

async function readPatchFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliFailure(
      exitCodes.failure,
      `wright apply: cannot read ${path}: ${reason}`,
      'pass a patch file, or - for stdin',
    );
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
