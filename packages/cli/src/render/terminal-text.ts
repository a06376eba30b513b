import { sanitizeTerminalText } from './sanitize-terminal-text.js';

declare const terminalTextBrand: unique symbol;

/**
 * Text that may be written to the terminal: Wright's own words (`own`), or untrusted text after one of the
 * functions below. Every writer in the CLI takes only this type, so a plain string (model text, a file name, an
 * error message) cannot reach the terminal without passing through the sanitiser. Styling is added afterwards.
 */
export type TerminalText = string & { readonly [terminalTextBrand]: true };

/** Untrusted multi-line text (model text, reasoning, tool and check output): escapes and controls removed. */
export function untrusted(text: string): TerminalText {
  return sanitizeTerminalText(text) as TerminalText;
}

/** Untrusted text on one line (tool names, summaries, error messages, titles): also newlines and tabs as spaces. */
export function untrustedLine(text: string): TerminalText {
  return sanitizeTerminalText(text, { multiline: false }) as TerminalText;
}

/**
 * Untrusted text a person must see exactly (a command or change to approve): every control character and escape
 * sequence shown visibly (`\x1b[2K`) instead of removed, lines kept.
 */
export function exactly(text: string): TerminalText {
  return sanitizeTerminalText(text, { controls: 'escape' }) as TerminalText;
}

// Characters that make a file name ambiguous or unsafe: controls, DEL, C1, bidi controls, line separators, `"`, `\`.
const needsQuoting =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"\\]/;

/**
 * A file name shown unambiguously: as it is when it holds only ordinary characters, else in double quotes with
 * C-style escapes (`"evil\x1b[2Kname"`, `"a\nb"`, `"\u202egnp.js"`), the way git quotes unusual paths.
 */
export function fileName(path: string): TerminalText {
  if (!needsQuoting.test(path)) return path as TerminalText;
  let quoted = '"';
  for (const character of path) {
    const code = character.charCodeAt(0);
    if (character === '"' || character === '\\') quoted += `\\${character}`;
    else if (character === '\n') quoted += '\\n';
    else if (character === '\t') quoted += '\\t';
    else if (character === '\r') quoted += '\\r';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f))
      quoted += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (needsQuoting.test(character)) quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    else quoted += character;
  }
  return `${quoted}"` as TerminalText;
}

/** File names joined with `, `, each shown by `fileName`. */
export function fileNames(paths: readonly string[]): TerminalText {
  return paths.map(fileName).join(', ') as TerminalText;
}

/**
 * Wright's own words, as a template tag: the literal parts are Wright's source, and every substitution must
 * already be TerminalText (or a number), so untrusted text cannot slip in. ``own`✓ ${untrustedLine(name)}` ``
 */
export function own(strings: TemplateStringsArray, ...values: Array<TerminalText | number>): TerminalText {
  let text = strings[0] ?? '';
  for (let index = 0; index < values.length; index += 1) text += String(values[index]) + strings[index + 1];
  return text as TerminalText;
}

/** Joins terminal texts with a separator of Wright's own. */
export function joinText(parts: readonly TerminalText[], separator: TerminalText): TerminalText {
  return parts.join(separator) as TerminalText;
}

/**
 * Text Wright computed itself from trusted parts (numbers formatted, help built from the command table). Not for
 * anything that holds model, workspace, provider or config text: use `untrusted`, `untrustedLine` or `fileName`.
 */
export function trusted(text: string): TerminalText {
  return text as TerminalText;
}
