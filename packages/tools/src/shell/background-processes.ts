import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import nodePath from 'node:path';
import { redactSecrets, type SandboxOptions, wrightError } from '@wright/core';
import { describeSpawnError, prepareSandboxedCommand } from '@wright/core/internal';
import { createStreamScrubber, stripAnsi } from './output-capture.js';
import { killGroup, type RunningCommand, shellArgv, signalGroup, spawnCommand } from './process-group.js';
import { refusalMessage } from './sandbox-messages.js';

/** A background process as reported to the model. */
export type BackgroundStatus = {
  /** Id to pass to shell_output and shell_kill. */
  id: string;
  /** The command line. */
  command: string;
  /** 'running', or how it ended. */
  state: 'running' | 'exited' | 'killed';
  /** Exit code once exited (null when ended by a signal). */
  exitCode?: number | null;
  /** File holding everything it printed. */
  outputPath: string;
};

/** Background processes of one tool kit. */
export type BackgroundProcesses = {
  /**
   * Starts `command` in its own process group, inside the sandbox when one is given; returns its id. Throws a tool
   * error, starting nothing, when the sandbox asked for is unavailable.
   */
  start(options: {
    command: string;
    cwd: string;
    env: Record<string, string>;
    outputDirectory: string;
    /** Values replaced by `[redacted]` in its output (file and reads), even when split across chunks. */
    secrets?: readonly string[];
    /** The sandbox to run in; absent means none. */
    sandbox?: SandboxOptions | undefined;
    /** The workspace root, writable in `workspace-write`; default `cwd`. */
    workspaceRoot?: string;
  }): Promise<BackgroundStatus>;
  /** Output printed since the last read (at most `unreadLimit` bytes, the newest kept) and the current status. */
  read(id: string): { output: string; droppedBytes: number; status: BackgroundStatus };
  /** Kills the process group; resolves once the leader has exited. */
  kill(id: string): Promise<BackgroundStatus>;
  /** Kills every process still running. */
  killAll(): void;
  /** Every process started, running or not. */
  list(): BackgroundStatus[];
};

/** Unread bytes kept per process; older unread output is dropped (it stays in the output file). */
export const unreadLimit = 32 * 1024;

type Entry = {
  status: BackgroundStatus;
  child: RunningCommand;
  unread: Buffer;
  droppedBytes: number;
  ended: Promise<void>;
  secrets: readonly string[];
};

/**
 * Creates a registry of background processes. Children are unreferenced so they never keep Node alive, and a
 * process 'exit' hook kills any still running, so none outlives the program.
 */
export function createBackgroundProcesses(): BackgroundProcesses {
  const entries = new Map<string, Entry>();
  let counter = 0;
  const killAll = () => {
    for (const entry of entries.values()) {
      if (entry.status.state === 'running') signalGroup(entry.child.pid, 'SIGKILL');
    }
  };
  trackForExit(killAll);
  const entryOf = (id: string) => {
    const entry = entries.get(id);
    if (!entry) {
      const known = [...entries.keys()].join(', ') || 'none';
      throw wrightError('tool', `No background process with id ${JSON.stringify(id)} (known: ${known}).`);
    }
    return entry;
  };
  return {
    async start({ command, cwd, env, outputDirectory, secrets = [], sandbox, workspaceRoot }) {
      const prepared = await prepareSandboxedCommand({
        argv: shellArgv(command),
        cwd,
        env,
        workspaceRoot: workspaceRoot ?? cwd,
        sandbox,
      });
      if (!prepared.ready) throw wrightError('tool', refusalMessage(sandbox?.mode ?? 'off', prepared));
      counter += 1;
      const id = `bg-${counter}`;
      await mkdir(outputDirectory, { recursive: true });
      const outputPath = nodePath.join(outputDirectory, `background-${id}-${Date.now()}.log`);
      const file = createWriteStream(outputPath);
      // A failing output file (its directory removed, a full disk) must not crash the process: the model still
      // reads what the process prints through shell_output.
      file.on('error', () => {});
      const child = spawnCommand({ file: prepared.file, args: prepared.args, cwd, env: prepared.env });
      if (child.pid === undefined) {
        // The shell never started (a command too long for the system, a missing directory): say so, keep nothing.
        const result = await child;
        file.end();
        await rm(outputPath, { force: true });
        const code = (result as { code?: string }).code;
        throw wrightError(
          'tool',
          describeSpawnError({
            command,
            cwd,
            ...(code === undefined ? {} : { code }),
            message: (result.shortMessage ?? '').split('\n').at(-1) ?? '',
          }),
        );
      }
      child.unref();
      for (const stream of [child.stdout, child.stderr])
        (stream as unknown as { unref?: () => void }).unref?.();
      const status: BackgroundStatus = { id, command, state: 'running', outputPath };
      const entry: Entry = {
        status,
        child,
        unread: Buffer.alloc(0),
        droppedBytes: 0,
        ended: Promise.resolve(),
        secrets,
      };
      const scrub = createStreamScrubber(secrets);
      const keep = (chunk: Buffer) => {
        file.write(chunk);
        const joined = Buffer.concat([entry.unread, chunk]);
        entry.droppedBytes += Math.max(0, joined.length - unreadLimit);
        entry.unread = joined.length > unreadLimit ? Buffer.from(joined.subarray(-unreadLimit)) : joined;
      };
      child.all.on('data', (chunk: Buffer) => keep(scrub.push(chunk)));
      entry.ended = child.then((result) => {
        keep(scrub.end());
        file.end();
        if (status.state === 'running') status.state = 'exited';
        status.exitCode = result.exitCode ?? null;
        signalGroup(child.pid, 'SIGKILL');
      });
      entries.set(id, entry);
      return { ...status };
    },
    read(id) {
      const entry = entryOf(id);
      const output = redactSecrets(stripAnsi(entry.unread.toString('utf8')), entry.secrets);
      const droppedBytes = entry.droppedBytes;
      entry.unread = Buffer.alloc(0);
      entry.droppedBytes = 0;
      return { output, droppedBytes, status: { ...entry.status } };
    },
    async kill(id) {
      const entry = entryOf(id);
      if (entry.status.state === 'running') {
        entry.status.state = 'killed';
        killGroup(entry.child.pid, 1000);
      }
      await entry.ended;
      return { ...entry.status };
    },
    killAll,
    list: () => [...entries.values()].map((entry) => ({ ...entry.status })),
  };
}

// One 'exit' listener for all registries, so many tool kits do not pile up listeners.
const exitHooks = new Set<() => void>();
function trackForExit(hook: () => void): void {
  if (exitHooks.size === 0)
    process.once('exit', () => {
      for (const run of exitHooks) run();
    });
  exitHooks.add(hook);
}
