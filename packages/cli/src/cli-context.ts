/** What a command may touch of the process: the only door to env, cwd and the terminal. */
export type CliContext = {
  /** Environment variables. */
  env: Record<string, string | undefined>;
  /** The directory `wright` was started in. */
  cwd: string;
  /** Answers, transcripts and `--json` events. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Errors, the status line and prompts' chrome. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Patches read from `-`, and chat input. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
};

/** The process as a CliContext. */
export function processContext(): CliContext {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  };
}
