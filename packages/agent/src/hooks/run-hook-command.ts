import { spawn } from 'node:child_process';
import { childEnvironment, createSecretRedactor, type SandboxOptions, type SecretPolicy } from '@wright/core';
import { describeSpawnError, prepareSandboxedCommand } from '@wright/core/internal';
import { shellArgv } from '@wright/tools/internal';

/** What `runHookCommand` takes. */
export type RunHookCommandOptions = {
  /** The shell command line. */
  command: string;
  /** The JSON document written to its stdin. */
  input: unknown;
  /** The workspace root: where it runs, and what `workspace-write` lets it write. */
  cwd: string;
  /** Milliseconds before its process group is killed. */
  timeoutMs: number;
  /** The run's sandbox (the shell tool's); absent: unconfined. */
  sandbox?: SandboxOptions | undefined;
  /** Which variables are secret: removed from its environment, scrubbed from its output. */
  secrets?: SecretPolicy | undefined;
  /** Variables set for it (`WRIGHT_PROJECT_DIR`, ...). */
  env?: Record<string, string>;
  /** Aborting kills it. */
  signal?: AbortSignal;
};

/** How a hook command ended. */
export type HookCommandOutcome = {
  /** Exit code; null when killed, refused or not started. */
  exitCode: number | null;
  /** Its stdout (at most 1 MiB kept), secrets scrubbed. */
  stdout: string;
  /** Its stderr (at most 1 MiB kept), secrets scrubbed. */
  stderr: string;
  /** True when the timeout killed it. */
  timedOut: boolean;
  /** Why it did not run at all (the sandbox is unavailable, the shell could not start). */
  failed?: string;
  durationMs: number;
};

const maxKept = 1024 * 1024;

/**
 * Runs one hook command like the shell tool runs a command: through the sandbox, with the scrubbed environment
 * (`childEnvironment`), in its own process group, killed with the group at the timeout or on abort. The event's JSON
 * document goes to stdin.
 */
export async function runHookCommand(options: RunHookCommandOptions): Promise<HookCommandOutcome> {
  const started = Date.now();
  const environment = childEnvironment({ ...options.secrets, ...(options.env ? { set: options.env } : {}) });
  const prepared = await prepareSandboxedCommand({
    argv: shellArgv(options.command),
    cwd: options.cwd,
    env: environment.env,
    workspaceRoot: options.cwd,
    sandbox: options.sandbox,
  });
  const empty = { exitCode: null, stdout: '', stderr: '', timedOut: false };
  if (!prepared.ready) {
    return {
      ...empty,
      failed: `the sandbox is unavailable: ${prepared.reason}; ${prepared.fix}`,
      durationMs: Date.now() - started,
    };
  }
  const redact = (text: string) => {
    const redactor = createSecretRedactor(environment.secrets);
    return redactor.push(text) + redactor.end();
  };
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(prepared.file, prepared.args, {
        cwd: options.cwd,
        env: prepared.env,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      const spawnError = error as NodeJS.ErrnoException;
      resolve({ ...empty, failed: describe(options, spawnError), durationMs: Date.now() - started });
      return;
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', kill, { once: true });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < maxKept) stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < maxKept) stderr += chunk;
    });
    // A hook that exits without reading its stdin must not crash Wright with EPIPE.
    child.stdin?.on('error', () => {});
    child.stdin?.end(`${JSON.stringify(options.input)}\n`);
    let settled = false;
    const finish = (exitCode: number | null, failed?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
      kill();
      resolve({
        exitCode: timedOut ? null : exitCode,
        stdout: redact(stdout.slice(0, maxKept)),
        stderr: redact(stderr.slice(0, maxKept)),
        timedOut,
        ...(failed === undefined ? {} : { failed }),
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (error: NodeJS.ErrnoException) => finish(null, describe(options, error)));
    child.on('close', (code) => finish(code));
  });
}

function describe(options: RunHookCommandOptions, error: NodeJS.ErrnoException): string {
  return describeSpawnError({
    command: options.command,
    cwd: options.cwd,
    ...(error.code === undefined ? {} : { code: error.code }),
    message: error.message,
  });
}
