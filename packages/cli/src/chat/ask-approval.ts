import type { ApprovalDecision, ApprovalRequest } from '@wright/core';
import { colorDiff } from '../render/color-diff.js';
import type { Style } from '../render/style.js';
import { exactly, own, type TerminalText, trusted, untrustedLine } from '../render/terminal-text.js';
import type { LineReader } from './line-reader.js';

/**
 * Asks the person at the terminal, showing exactly what will run or change. `a` (always) allows this tool for the
 * rest of the chat.
 */
export function createTerminalApprover(options: {
  reader: LineReader;
  write: (text: TerminalText) => void;
  style: Style;
}): (request: ApprovalRequest) => Promise<ApprovalDecision> {
  const { reader, write, style } = options;
  const alwaysAllowed = new Set<string>();
  return async (request) => {
    if (alwaysAllowed.has(request.toolName)) return true;
    // The title and detail quote the model's input: shown exactly, with any control character made visible, so
    // the person approves what will run.
    write(
      own`\n${style.yellow(trusted('? approval needed'))} ${style.bold(untrustedLine(request.toolName))} (${untrustedLine(request.effect)}): ${untrustedLine(exactly(request.title))}\n`,
    );
    if (request.detail !== undefined && request.detail !== '') {
      const looksLikeDiff = /^(@@|---|\+\+\+|diff )/m.test(request.detail);
      write(
        own`${looksLikeDiff ? colorDiff(request.detail.trimEnd(), style) : indent(exactly(request.detail.trimEnd()))}\n`,
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

/**
 * Asks the person whether to re-run one command that the sandbox blocked, outside the sandbox. Anything but `y`
 * keeps the sandbox's answer.
 */
export function createUnsandboxedRerunPrompt(options: {
  reader: LineReader;
  write: (text: TerminalText) => void;
  style: Style;
}): (request: { command: string; note: string }) => Promise<boolean> {
  const { reader, write, style } = options;
  return async (request) => {
    write(
      own`\n${style.yellow(trusted('? the sandbox blocked this command'))}\n${indent(exactly(request.command.trimEnd()))}\n`,
    );
    write(own`${style.dim(untrustedLine(request.note))}\n`);
    const answer = await reader.read('Run it once outside the sandbox, with your full rights? [y/N]: ');
    const word = (answer ?? 'n').trim().toLowerCase();
    return word === 'y' || word === 'yes';
  };
}

function indent(text: TerminalText): TerminalText {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n') as TerminalText;
}
