import { readdirSync, readFileSync } from 'node:fs';

/** A live process of this machine, as `processesWith` finds it. */
export type HostProcess = {
  pid: number;
  /** Its arguments joined by spaces (`sleep 1000.42`). */
  commandLine: string;
};

/**
 * The live processes of this machine (zombies left out) whose command line contains `marker`, read from /proc. For
 * tests that check what a command started and that it is gone: a sandboxed process has its own PID inside its
 * namespace, so a marker (a unique sleep length) finds it from outside.
 */
export function processesWith(marker: string): HostProcess[] {
  const found: HostProcess[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const commandLine = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trimEnd();
      const state = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0];
      if (commandLine.includes(marker) && state !== 'Z') found.push({ pid: Number(name), commandLine });
    } catch {
      // It exited while we looked.
    }
  }
  return found;
}

/**
 * Whether `check` holds within `timeoutMs` (default 30 s), asked every 100 ms. A deadline rather than a count of
 * tries, and generous: on a loaded machine a process takes a while to start or to be reaped.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}
