import { type SanitizeOptions, sanitizeTerminalText, unfinishedTail } from './sanitize-terminal-text.js';

/** Sanitises text that arrives in chunks (streamed model text), where an escape sequence may span two chunks. */
export type StreamSanitizer = {
  /** The safe text of everything pushed so far, minus an unfinished escape sequence held for the next chunk. */
  push(chunk: string): string;
  /** The safe text of whatever is still held (the stream ended). */
  end(): string;
};

/** Held text longer than this is let go (sanitised as it is): a sequence that never ends must not hide text. */
const maximumHeld = 64 * 1024;

/**
 * A StreamSanitizer: a sequence cut between chunks (`ESC` | `]52;c;…BEL`) is removed whole, as it would be in one
 * piece, instead of leaving its payload on the screen; a `\r` at a chunk's end waits to see whether `\n` follows.
 */
export function createStreamSanitizer(options: SanitizeOptions = {}): StreamSanitizer {
  let held = '';
  return {
    push(chunk) {
      const text = held + chunk;
      const cut = unfinishedTail(text);
      held = text.slice(cut);
      if (held.length > maximumHeld) {
        held = '';
        return sanitizeTerminalText(text, options);
      }
      return sanitizeTerminalText(text.slice(0, cut), options);
    },
    end() {
      const text = held;
      held = '';
      return sanitizeTerminalText(text, options);
    },
  };
}
