import { type CapturedOutput, createOutputCapture } from './output-capture.js';
import { killGroup, signalGroup, spawnCommand } from './process-group.js';

/** What `runCommand` takes. */
export type RunCommandOptions = {
  /** Shell command line. */
  command: string;
  /** Absolute working directory. */
  cwd: string;
  /** Child environment (already without secrets: see `childEnvironment` in @wright/core). */
  env: Record<string, string>;
  /** Values replaced by `[redacted]` in the output, even when split across chunks. */
  secrets?: readonly string[];
  /** Kill the process group after this many milliseconds. */
  timeoutMs: number;
  /** Where the full output is saved when it is too long to show. */
  outputDirectory: string;
  /** Aborting kills the process group. */
  signal?: AbortSignal;
};

/** How a foreground command ended. */
export type CommandOutcome = {
  /** Exit code, or null when killed by a signal. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  signalName?: string;
  /** True when our timeout killed it. */
  timedOut: boolean;
  /** True when the abort signal killed it. */
  aborted: boolean;
  /** Captured output (stdout and stderr interleaved). */
  output: CapturedOutput;
};

/**
 * Runs a command to completion in its own process group. On timeout or abort the whole group gets SIGTERM, then
 * SIGKILL; when the shell exits, anything it left running in its group is killed too, so nothing outlives the call.
 */
export async function runCommand(options: RunCommandOptions): Promise<CommandOutcome> {
  const capture = await createOutputCapture(options.outputDirectory, 'shell', options.secrets);
  const child = spawnCommand(options);
  const pid = child.pid;
  let timedOut = false;
  let aborted = false;
  child.all.on('data', (chunk: Buffer) => capture.write(chunk));
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(pid);
  }, options.timeoutMs);
  const onAbort = () => {
    aborted = true;
    killGroup(pid, 500);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  // Background jobs (`cmd &`) keep the output pipe open after the shell exits; end them with it.
  child.once('exit', () => {
    signalGroup(pid, 'SIGKILL');
  });
  try {
    const result = await child;
    return {
      exitCode: result.exitCode ?? null,
      ...(result.signal ? { signalName: result.signal } : {}),
      timedOut,
      aborted,
      output: await capture.finish(),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    signalGroup(pid, 'SIGKILL');
  }
}
