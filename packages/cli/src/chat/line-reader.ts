import { createInterface, type Interface } from 'node:readline';

/** Reads whole lines one at a time (prompts and approval answers share it); resolves null at end of input. */
export type LineReader = {
  /** Shows `prompt` and waits for the next line. */
  read(prompt: string): Promise<string | null>;
  /** Called on Ctrl-C (terminal) instead of killing the process. */
  onInterrupt(handler: () => void): void;
  close(): void;
};

export function createLineReader(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  output: NodeJS.WritableStream,
): LineReader {
  const terminal = input.isTTY === true;
  const readline: Interface = createInterface({ input, output, terminal, historySize: terminal ? 200 : 0 });
  const lines: string[] = [];
  let waiting: ((line: string | null) => void) | undefined;
  let ended = false;
  let interruptHandler: () => void = () => {};
  readline.on('line', (line) => {
    if (waiting === undefined) {
      lines.push(line);
      return;
    }
    const resolve = waiting;
    waiting = undefined;
    resolve(line);
  });
  readline.on('close', () => {
    ended = true;
    waiting?.(null);
    waiting = undefined;
  });
  readline.on('SIGINT', () => interruptHandler());
  const onProcessInterrupt = () => interruptHandler();
  // Without a terminal, Ctrl-C arrives as a real SIGINT.
  if (!terminal) process.on('SIGINT', onProcessInterrupt);
  return {
    read(prompt) {
      const queued = lines.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      if (ended) return Promise.resolve(null);
      readline.setPrompt(prompt);
      readline.prompt();
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    onInterrupt(handler) {
      interruptHandler = handler;
    },
    close() {
      process.off('SIGINT', onProcessInterrupt);
      readline.close();
    },
  };
}
