import type { TerminalText } from './terminal-text.js';

/** ANSI styling that becomes the identity when colour is off. It styles only text that is already safe. */
export type Style = {
  /** Whether escape codes are emitted. */
  enabled: boolean;
  dim(text: TerminalText): TerminalText;
  bold(text: TerminalText): TerminalText;
  red(text: TerminalText): TerminalText;
  green(text: TerminalText): TerminalText;
  yellow(text: TerminalText): TerminalText;
  cyan(text: TerminalText): TerminalText;
  magenta(text: TerminalText): TerminalText;
};

/** Colour only on a terminal, never with `NO_COLOR` set (non-empty) or `TERM=dumb`; `FORCE_COLOR` forces it on. */
export function colorEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** A Style emitting escape codes only when `enabled`. */
export function createStyle(enabled: boolean): Style {
  // A trailing newline stays outside the codes, so a line never starts with a pending reset.
  const wrap = (open: number, close: number) => (text: TerminalText) => {
    if (!enabled || text === '' || text === '\n') return text;
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    return `\u001b[${open}m${body}\u001b[${close}m${body === text ? '' : '\n'}` as TerminalText;
  };
  return {
    enabled,
    dim: wrap(2, 22),
    bold: wrap(1, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    magenta: wrap(35, 39),
  };
}
