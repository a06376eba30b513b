/** The process exit codes of `wright`; scripts depend on these numbers. */
export const exitCodes = {
  /** The task finished (or the command did what it was asked). */
  ok: 0,
  /** A runtime or provider error. */
  failure: 1,
  /** A usage error: unknown flag or command, bad value, bad config, missing key. */
  usage: 2,
  /** A step, token, cost or time budget ran out. */
  budget: 3,
  /** The `--check` command still fails. */
  checkFailed: 4,
  /** Interrupted (SIGINT, Ctrl-C). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15), after the same clean stop as Ctrl-C. */
  terminated: 143,
  /** Stopped by SIGHUP (128 + 1: the terminal went away), after the same clean stop as Ctrl-C. */
  hangup: 129,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** A failure the CLI reports as one line (cause, then fix) and turns into an exit code. */
export class CliFailure extends Error {
  /** Exit code the process ends with. */
  readonly exitCode: ExitCode;
  /** One line saying what to do about it. */
  readonly hint: string | undefined;

  constructor(exitCode: ExitCode, message: string, hint?: string) {
    super(message);
    this.name = 'CliFailure';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** A usage error (exit 2) with the cause and the fix. */
export function usageFailure(message: string, hint?: string): CliFailure {
  return new CliFailure(exitCodes.usage, message, hint);
}

/** True for a CliFailure, also across module copies. */
export function isCliFailure(value: unknown): value is CliFailure {
  return value instanceof Error && value.name === 'CliFailure' && 'exitCode' in value;
}
