import { type WrightError, wrightError } from '@wright/core';

/** A parse error naming the 1-based patch line it is about. */
export function patchParseError(line: number, message: string, text?: string): WrightError {
  const shown =
    text === undefined ? '' : ` (${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)})`;
  return wrightError('tool', `Patch line ${line}${shown}: ${message}`, { details: { patchLine: line } });
}
