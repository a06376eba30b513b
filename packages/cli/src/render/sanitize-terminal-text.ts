/**
 * What happens to a control character that is not part of the text's layout.
 * - `remove`: dropped (model text, tool output: a terminal would not have shown it anyway).
 * - `escape`: shown as a visible escape such as `\x1b` (file names and commands a person approves, where hiding a
 *   character would show them something other than what runs).
 */
export type ControlHandling = 'remove' | 'escape';

/** How `sanitizeTerminalText` treats layout characters. */
export type SanitizeOptions = {
  /** `remove` (default) or `escape` for control characters and whole escape sequences. */
  controls?: ControlHandling;
  /**
   * True keeps `\n` and `\t` (a lone `\r` becomes `\n`, `\r\n` becomes `\n`, so nothing overwrites a line);
   * false makes one line of it (each of them becomes a space). Default true.
   */
  multiline?: boolean;
};

// ESC, the 8-bit C1 introducers, every other C0/C1 control, DEL, and the bidi and line-separator characters.
const suspicious =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const bidi = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const escapeCode = 0x1b;
const csi8 = 0x9b;
const stringTerminator8 = 0x9c;
const bell = 0x07;
// ESC P (DCS), ESC X (SOS), ESC ] (OSC), ESC ^ (PM), ESC _ (APC): a string up to BEL or ST.
const stringIntroducers = new Set(['P', 'X', ']', '^', '_']);
// Their 8-bit forms: DCS, SOS, OSC, PM, APC.
const stringIntroducers8 = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);

/**
 * Makes untrusted text safe to write to a terminal: removes (or visibly escapes) every escape sequence (CSI, OSC
 * including OSC 52 clipboard writes and OSC 8 links, DCS, SOS, PM, APC, their 8-bit C1 forms, and two-character
 * escapes) and every other C0/C1 control character and DEL; `\r` can no longer return to the line start; Unicode
 * bidi controls and line separators (Trojan Source) are shown as `<U+202E>`. Linear in the text's length.
 */
export function sanitizeTerminalText(text: string, options: SanitizeOptions = {}): string {
  const multiline = options.multiline ?? true;
  if (!suspicious.test(text) && (multiline || !/[\n\t]/.test(text))) return text;
  const escaping = options.controls === 'escape';
  const scan: Scan = { text, unterminatedFrom: text.length + 1 };
  let output = '';
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    const sequenceEnd =
      code === escapeCode || code === csi8 || stringIntroducers8.has(code)
        ? endOfSequence(scan, index)
        : index;
    if (sequenceEnd > index) {
      if (escaping) output += visible(text.slice(index, sequenceEnd));
      index = sequenceEnd;
      continue;
    }
    const character = text.charAt(index);
    index += 1;
    if (character === '\n' || character === '\t') {
      output += multiline ? character : ' ';
    } else if (character === '\r') {
      if (text.charAt(index) === '\n') continue;
      output += multiline ? '\n' : ' ';
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      if (escaping) output += visible(character);
    } else if (bidi.test(character)) {
      output += codePointName(code);
    } else {
      output += character;
    }
  }
  return output;
}

/**
 * Where the escape sequence starting at `start` ends (exclusive); `start` itself when what follows is not a
 * sequence a terminal would act on (the introducer alone is then dropped as a control character). A string
 * sequence without its terminator keeps its payload visible: hiding the rest of the text would let a model hide it.
 */
function endOfSequence(scan: Scan, start: number): number {
  const { text } = scan;
  const code = text.charCodeAt(start);
  if (code === csi8) return endOfCsi(text, start + 1);
  if (stringIntroducers8.has(code)) return endOfString(scan, start + 1);
  const next = text.charAt(start + 1);
  if (next === '') return start + 1;
  if (next === '[') return endOfCsi(text, start + 2);
  if (stringIntroducers.has(next)) return endOfString(scan, start + 2);
  // ESC, intermediates (0x20–0x2F), then a final byte (0x30–0x7E): charset selection, ESC c (reset), ESC M, ...
  let index = start + 1;
  while (index < text.length && isBetween(text.charCodeAt(index), 0x20, 0x2f)) index += 1;
  if (index < text.length && isBetween(text.charCodeAt(index), 0x30, 0x7e)) return index + 1;
  return start + 1;
}

/** CSI: parameters (0x30–0x3F), intermediates (0x20–0x2F), one final byte (0x40–0x7E). */
function endOfCsi(text: string, from: number): number {
  let index = from;
  while (index < text.length && isBetween(text.charCodeAt(index), 0x30, 0x3f)) index += 1;
  while (index < text.length && isBetween(text.charCodeAt(index), 0x20, 0x2f)) index += 1;
  if (index < text.length && isBetween(text.charCodeAt(index), 0x40, 0x7e)) return index + 1;
  return index;
}

/** The text being sanitised, and the position from which no string terminator follows (found once, kept). */
type Scan = { text: string; unterminatedFrom: number };

/**
 * A control string's end: after BEL, ST (ESC \) or 8-bit ST; `from` itself when none follows. Remembering where
 * the last failed search started keeps many unterminated introducers linear instead of quadratic.
 */
function endOfString(scan: Scan, from: number): number {
  const { text } = scan;
  if (from >= scan.unterminatedFrom) return from;
  for (let index = from; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === bell || code === stringTerminator8) return index + 1;
    if (code === escapeCode && text.charAt(index + 1) === '\\') return index + 2;
  }
  scan.unterminatedFrom = from;
  return from;
}

function isBetween(code: number, low: number, high: number): boolean {
  return code >= low && code <= high;
}

/** `\x1b[2K` for the characters ESC [ 2 K: controls as `\xNN`, bidi controls as `<U+202E>`. */
function visible(text: string): string {
  let output = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) output += `\\x${code.toString(16).padStart(2, '0')}`;
    else output += bidi.test(character) ? codePointName(code) : character;
  }
  return output;
}

function codePointName(code: number): string {
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Where a chunk's trailing, unfinished escape sequence starts (or a trailing `\r` that a `\n` may follow), so a
 * stream can hold it back until the next chunk completes it; `text.length` when the chunk ends cleanly.
 */
export function unfinishedTail(text: string): number {
  if (text.endsWith('\r')) return text.length - 1;
  let start = -1;
  for (let index = text.length - 1; index >= 0; index -= 1) {
    const code = text.charCodeAt(index);
    if (code === escapeCode || code === csi8 || stringIntroducers8.has(code)) {
      start = index;
      break;
    }
  }
  if (start === -1) return text.length;
  const code = text.charCodeAt(start);
  const next = text.charAt(start + 1);
  let unfinished: boolean;
  if (code === csi8) unfinished = csiReachesEnd(text, start + 1);
  else if (stringIntroducers8.has(code)) unfinished = !hasTerminator(text, start + 1);
  else if (next === '') unfinished = true;
  else if (next === '[') unfinished = csiReachesEnd(text, start + 2);
  else if (stringIntroducers.has(next)) unfinished = !hasTerminator(text, start + 2);
  else {
    let index = start + 1;
    while (index < text.length && isBetween(text.charCodeAt(index), 0x20, 0x2f)) index += 1;
    unfinished = index === text.length;
  }
  return unfinished ? start : text.length;
}

/** True when a CSI's parameters and intermediates run to the end of the text (its final byte is still to come). */
function csiReachesEnd(text: string, from: number): boolean {
  let index = from;
  while (index < text.length && isBetween(text.charCodeAt(index), 0x20, 0x3f)) index += 1;
  return index === text.length;
}

function hasTerminator(text: string, from: number): boolean {
  return endOfString({ text, unterminatedFrom: text.length + 1 }, from) !== from;
}
