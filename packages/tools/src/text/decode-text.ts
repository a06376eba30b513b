import { wrightError } from '@wright/core';

/** A line terminator as found in a file. */
export type LineEnding = '\n' | '\r\n' | '\r';

/** How a text file's bytes were laid out, so edits on the LF form can be written back byte for byte. */
export type TextFormat = {
  /** The dominant line ending; new lines get it. `\n` for files without any line break. */
  eol: LineEnding;
  /** True when the file starts with a UTF-8 byte order mark. */
  bom: boolean;
  /** True when the last line ends with a line ending (false for an empty file). */
  finalNewline: boolean;
  /** Each original line's own ending (index = 0-based line), present only when the file mixes endings. */
  mixedEndings?: LineEnding[];
};

/** A decoded text file: its content with `\n` line breaks plus the format needed to encode it back. */
export type DecodedText = {
  /** The content with every line ending turned into `\n` and without a BOM. */
  text: string;
  /** How to turn `text` back into the original bytes. */
  format: TextFormat;
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a UTF-8 text file. Lone `\r` counts as a line break, like `\r\n` and `\n`. Throws a `tool` error for
 * binary content (a NUL byte), UTF-16 and invalid UTF-8, since editing those as text would corrupt them.
 */
export function decodeText(bytes: Uint8Array, path = 'the file'): DecodedText {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw wrightError('tool', `${path} is UTF-16 text; only UTF-8 files can be edited.`);
  }
  if (bytes.includes(0))
    throw wrightError('tool', `${path} looks binary (it contains NUL bytes); it cannot be edited as text.`);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let raw: string;
  try {
    raw = utf8.decode(bom ? bytes.subarray(3) : bytes);
  } catch {
    throw wrightError('tool', `${path} is not valid UTF-8; it cannot be edited as text.`);
  }
  const endings: LineEnding[] = [];
  const text = raw.replace(/\r\n|\r|\n/g, (ending) => {
    endings.push(ending as LineEnding);
    return '\n';
  });
  const eol = dominantEnding(endings);
  const format: TextFormat = { eol, bom, finalNewline: text.endsWith('\n') };
  if (endings.some((ending) => ending !== eol)) format.mixedEndings = endings;
  return { text, format };
}

// Most frequent ending; ties go to the one seen first.
function dominantEnding(endings: LineEnding[]): LineEnding {
  const counts = new Map<LineEnding, number>();
  for (const ending of endings) counts.set(ending, (counts.get(ending) ?? 0) + 1);
  let best: LineEnding = '\n';
  let bestCount = 0;
  for (const [ending, count] of counts) {
    if (count > bestCount) {
      best = ending;
      bestCount = count;
    }
  }
  return best;
}

/** Human name of a line ending, for messages. */
export function endingName(ending: LineEnding): 'LF' | 'CRLF' | 'CR' {
  if (ending === '\r\n') return 'CRLF';
  return ending === '\r' ? 'CR' : 'LF';
}
