import { createInterface } from 'node:readline/promises';
import { dataDirectory } from '@wright/agent';
import { createSessionStore } from '@wright/runner';
import { applyClean, type CleanItem, planClean } from '@wright/runner/internal';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue, stringValue } from '../command-definition.js';
import { exitCodes, usageFailure } from '../exit-codes.js';
import { printText } from '../render/print-text.js';
import { fileName, own, type TerminalText, trusted } from '../render/terminal-text.js';
import { formatBytes } from './format-bytes.js';
import { workspaceDirectory } from './run-flags.js';

/** `wright clean`: lists what would go, asks (or takes --yes), removes it. */
export async function executeClean(input: CommandInput, context: CliContext): Promise<number> {
  const cwd = await workspaceDirectory(input, context.cwd);
  const olderThan = stringValue(input, 'older-than') ?? '30';
  const days = Number(olderThan);
  if (!Number.isFinite(days) || days < 0) {
    throw usageFailure(`wright clean: --older-than must be a number of days, got '${olderThan}'`);
  }
  const store = await createSessionStore({ dataDirectory: dataDirectory(context.env), cwd });
  const items = await planClean(store, { olderThanDays: days });
  if (items.length === 0) {
    printText(context.stdout, own`nothing to clean for ${fileName(store.repoRoot)}\n`);
    return exitCodes.ok;
  }
  for (const item of items) printText(context.stdout, own`${describe(item)}\n`);
  let go = flagValue(input, 'yes');
  if (!go && context.stdin.isTTY === true && context.stdout.isTTY === true) {
    const prompt = createInterface({ input: context.stdin, output: context.stdout });
    const answer = await prompt.question(`Remove these ${items.length}? [y/N] `);
    prompt.close();
    go = /^y(es)?$/i.test(answer.trim());
  }
  if (!go) {
    printText(context.stdout, own`nothing removed; run 'wright clean --yes' to remove them\n`);
    return exitCodes.ok;
  }
  const freed = await applyClean(store, items);
  printText(context.stdout, own`removed ${items.length} item(s), ${trusted(formatBytes(freed))} freed\n`);
  return exitCodes.ok;
}

function describe(item: CleanItem): TerminalText {
  if (item.kind === 'branch') return own`branch    ${fileName(item.branch)} (${trusted(item.reason)})`;
  const size = trusted(formatBytes(item.bytes));
  if (item.kind === 'worktree') {
    return own`worktree  ${fileName(item.path)} (session ${fileName(item.sessionId)}, ${size})`;
  }
  if (item.kind === 'session')
    return own`session   ${fileName(item.sessionId)} and its checkpoints (${size})`;
  return own`temp file ${fileName(item.path)} (${size})`;
}
