import type { ApprovalDecision, ApprovalRequest } from '@wright/core';
import { colorDiff } from '../render/color-diff.js';
import type { Style } from '../render/style.js';
import type { LineReader } from './line-reader.js';

/**
 * Asks the person at the terminal, showing exactly what will run or change. `a` (always) allows this tool for the
 * rest of the chat.
 */
export function createTerminalApprover(options: {
  reader: LineReader;
  write: (text: string) => void;
  style: Style;
}): (request: ApprovalRequest) => Promise<ApprovalDecision> {
  const { reader, write, style } = options;
  const alwaysAllowed = new Set<string>();
  return async (request) => {
    if (alwaysAllowed.has(request.toolName)) return true;
    write(
      `\n${style.yellow('? approval needed')} ${style.bold(request.toolName)} (${request.effect}): ${request.title}\n`,
    );
    if (request.detail !== undefined && request.detail !== '') {
      const looksLikeDiff = /^(@@|---|\+\+\+|diff )/m.test(request.detail);
      write(
        `${looksLikeDiff ? colorDiff(request.detail.trimEnd(), style) : indent(request.detail.trimEnd())}\n`,
      );
    }
    for (;;) {
      const answer = await reader.read('Allow? [y]es / [n]o / [a]lways for this tool: ');
      const word = (answer ?? 'n').trim().toLowerCase();
      if (word === 'y' || word === 'yes') return true;
      if (word === 'a' || word === 'always') {
        alwaysAllowed.add(request.toolName);
        return true;
      }
      if (word === 'n' || word === 'no' || answer === null) {
        return { allowed: false, reason: 'The user declined this action at the approval prompt.' };
      }
    }
  };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
