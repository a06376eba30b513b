import { existsSync } from 'node:fs';
import { execa } from 'execa';

/** What `spawnCommand` takes: a program already wrapped (or not) by the sandbox. */
export type SpawnOptions = {
  /** The executable (bwrap when confined). */
  file: string;
  /** Its arguments. */
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** Environment of the child (already without secrets). */
  env: Record<string, string>;
};

const shellPath = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';

/** The argument vector that runs `command` in the shell. */
export function shellArgv(command: string): string[] {
  return [shellPath, '-c', command];
}

/**
 * Starts a program, stdin closed (interactive programs see end of input instead of waiting), as the leader of its
 * own process group so the whole group can be killed. Through bwrap, the group holds bwrap; killing it kills the
 * sandbox's PID namespace and everything in it (`--die-with-parent`). stdout and stderr arrive interleaved on `all`.
 */
export function spawnCommand(options: SpawnOptions) {
  return execa(options.file, options.args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: 'ignore',
    detached: true,
    all: true,
    buffer: false,
    reject: false,
    stripFinalNewline: false,
  });
}

/** Sends `signal` to every process in the group led by `pid`; false when none was left. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

// Process groups to kill if Wright exits while they run (a second Ctrl-C or SIGTERM exits at once).
const liveGroups = new Set<number>();
let exitListenerInstalled = false;

/**
 * Kills the group led by `pid` with SIGKILL should the Node process exit while it runs; returns the function that
 * forgets it once the command is over. One process 'exit' listener serves every group.
 */
export function killGroupOnExit(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  if (!exitListenerInstalled) {
    exitListenerInstalled = true;
    process.once('exit', () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
    });
  }
  liveGroups.add(pid);
  return () => liveGroups.delete(pid);
}

/** SIGTERM to the group, then SIGKILL after `graceMs` if anything is still alive. */
export function killGroup(pid: number | undefined, graceMs = 2000): void {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  timer.unref();
}

/** Variables every shell child gets so nothing waits for a pager or a password prompt. */
export const nonInteractiveEnvironment: Readonly<Record<string, string>> = {
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  GIT_TERMINAL_PROMPT: '0',
};

/** A running command started by `spawnCommand`. */
export type RunningCommand = ReturnType<typeof spawnCommand>;
