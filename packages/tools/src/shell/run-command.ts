import type { SandboxNetwork, SandboxOptions } from '@wright/core';
import { describeSpawnError, prepareSandboxedCommand } from '@wright/core/internal';
import { type CapturedOutput, createOutputCapture } from './output-capture.js';
import { killGroup, killGroupOnExit, shellArgv, signalGroup, spawnCommand } from './process-group.js';

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
  /** The sandbox to run in; absent means none (`off`). */
  sandbox?: SandboxOptions | undefined;
  /** The workspace root, writable in `workspace-write`; default `cwd`. */
  workspaceRoot?: string;
};

/** How a foreground command ended. */
export type CommandOutcome = {
  /** Exit code, or null when killed by a signal or refused. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  signalName?: string;
  /** True when our timeout killed it. */
  timedOut: boolean;
  /** True when the abort signal killed it. */
  aborted: boolean;
  /** Captured output (stdout and stderr interleaved). */
  output: CapturedOutput;
  /** Why the command could not be started at all (`E2BIG`: too long, `ENOENT`, `EACCES`), in one sentence. */
  spawnError?: string;
  /** The sandbox it ran in. */
  sandbox: { mode: SandboxOptions['mode']; network: SandboxNetwork };
  /** Set when the command did not run because the sandbox asked for is unavailable (fail closed). */
  refused?: { reason: string; fix: string };
};

/**
 * Runs a command to completion in its own process group, inside the sandbox when one is given. On timeout or abort
 * the whole group gets SIGTERM, then SIGKILL; when the shell exits, anything it left running in its group is killed
 * too, so nothing outlives the call. When the sandbox is asked for but unavailable, the command does not run.
 */
export async function runCommand(options: RunCommandOptions): Promise<CommandOutcome> {
  const prepared = await prepareSandboxedCommand({
    argv: shellArgv(options.command),
    cwd: options.cwd,
    env: options.env,
    workspaceRoot: options.workspaceRoot ?? options.cwd,
    sandbox: options.sandbox,
  });
  if (!prepared.ready) {
    return {
      exitCode: null,
      timedOut: false,
      aborted: false,
      output: { text: '', totalBytes: 0, truncated: false },
      sandbox: { mode: options.sandbox?.mode ?? 'off', network: options.sandbox?.network ?? 'off' },
      refused: { reason: prepared.reason, fix: prepared.fix },
    };
  }
  const capture = await createOutputCapture(options.outputDirectory, 'shell', options.secrets);
  const child = spawnCommand({
    file: prepared.file,
    args: prepared.args,
    cwd: options.cwd,
    env: prepared.env,
  });
  const pid = child.pid;
  const forget = killGroupOnExit(pid);
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
    // No exit code and no signal: the shell never ran (execa reports the spawn error's code).
    const notStarted = result.failed && result.exitCode === undefined && result.signal === undefined;
    const spawnCode = notStarted ? (result as { code?: string }).code : undefined;
    return {
      exitCode: result.exitCode ?? null,
      ...(result.signal ? { signalName: result.signal } : {}),
      timedOut,
      aborted,
      output: await capture.finish(),
      ...(notStarted && !timedOut && !aborted
        ? {
            spawnError: describeSpawnError({
              command: options.command,
              cwd: options.cwd,
              ...(spawnCode === undefined ? {} : { code: spawnCode }),
              message: (result.shortMessage ?? '').split('\n').at(-1) ?? '',
            }),
          }
        : {}),
      sandbox: { mode: prepared.mode, network: prepared.network },
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    signalGroup(pid, 'SIGKILL');
    forget();
  }
}
