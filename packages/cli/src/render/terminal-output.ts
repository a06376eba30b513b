import type { TerminalText } from './terminal-text.js';

/** Writes the transcript to stdout and keeps a live status line on stderr (only when stderr is a terminal). */
export type TerminalOutput = {
  /**
   * Appends transcript text to stdout. With `indent`, every line the text starts (including the current one when
   * at a line start) begins with it: the model's text is set off from Wright's own lines, which start in column 0.
   */
  write(text: TerminalText, options?: { indent?: TerminalText }): void;
  /** Ends a partial line, if any. */
  endLine(): void;
  /** Replaces the status line's text (drawn when the transcript is at a line start). */
  status(text: TerminalText): void;
  /** Removes the status line until `resume` (while a prompt waits for an answer). */
  pause(): void;
  /** Draws the status line again after `pause`. */
  resume(): void;
  /** Removes the status line for good. */
  close(): void;
};

export function createTerminalOutput(options: {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  liveStatus: boolean;
}): TerminalOutput {
  const { stdout, stderr, liveStatus } = options;
  let atLineStart = true;
  let statusText = '';
  let drawn = false;
  let paused = false;

  const clear = () => {
    if (!drawn) return;
    stderr.write('\r\u001b[2K');
    drawn = false;
  };
  const draw = () => {
    if (!liveStatus || paused || statusText === '' || !atLineStart) return;
    // A pseudo-terminal without a window size reports 0 columns.
    const width = Math.max(20, (stderr.columns || 80) - 1);
    stderr.write(`\r\u001b[2K${statusText.slice(0, width)}`);
    drawn = true;
  };

  return {
    write(text, writeOptions) {
      if (text === '') return;
      clear();
      stdout.write(
        writeOptions?.indent === undefined ? text : indented(text, writeOptions.indent, atLineStart),
      );
      atLineStart = text.endsWith('\n');
      draw();
    },
    endLine() {
      if (atLineStart) return;
      clear();
      stdout.write('\n');
      atLineStart = true;
      draw();
    },
    status(text) {
      statusText = text;
      if (!liveStatus) return;
      clear();
      draw();
    },
    pause() {
      paused = true;
      clear();
    },
    resume() {
      paused = false;
      draw();
    },
    close() {
      clear();
      statusText = '';
    },
  };
}

/** `text` with `indent` starting every non-empty line it begins (the first one only when `atLineStart`). */
function indented(text: string, indent: string, atLineStart: boolean): string {
  const body = text.replace(/\n(?=[^\n])/g, `\n${indent}`);
  return atLineStart && !text.startsWith('\n') ? `${indent}${body}` : body;
}
