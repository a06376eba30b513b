import type { TerminalText } from './terminal-text.js';

/**
 * The CLI's only raw writes to stdout and stderr (besides the status line in terminal-output.ts): text that went
 * through the terminal sanitiser or is Wright's own, and JSON lines.
 */
export function printText(stream: NodeJS.WritableStream, text: TerminalText): void {
  if (text !== '') stream.write(text);
}

/** One JSON value on its own line (`--json` output). */
export function printJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${jsonLine(value)}\n`);
}

// JSON.stringify escapes C0 controls but writes DEL, C1 (an 8-bit CSI is U+009B) and bidi controls raw.
const unescapedByJson = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `JSON.stringify(value)` with DEL, C1 and bidi controls also written as `\uXXXX`: the same JSON value, but a
 * terminal showing the line cannot be steered by it.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    unescapedByJson,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
