import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { childEnvironment, createSecretRedactor, type SandboxOptions, type SecretPolicy } from '@wright/core';
import { describeSpawnError, explainSandboxFailure, prepareSandboxedCommand } from '@wright/core/internal';

/** What one run of a check command did. */
export type CheckRun = {
  passed: boolean;
  /** null when killed (timeout) or when it could not start. */
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The last `maxOutputChars` characters of stdout and stderr, interleaved as they came. */
  outputTail: string;
};

/** What `runCheck` takes. */
export type RunCheckOptions = {
  /** The shell command line. */
  command: string;
  /** The workspace root: where the command runs, and what `workspace-write` lets it write. */
  cwd: string;
  timeoutMs: number;
  maxOutputChars: number;
  /** Which variables are secret; default: `ZAI_API_KEY` and the built-in credential names only. */
  secrets?: SecretPolicy;
  signal?: AbortSignal;
  /** The sandbox to run in; absent means none. When it is unavailable the check fails without running. */
  sandbox?: SandboxOptions | undefined;
};

/**
 * Runs a shell command in `cwd`, inside the sandbox when one is given, and captures the tail of its output. The
 * command gets the scrubbed environment of `childEnvironment` (no provider key, no secrets, no credential variables
 * unless passed) with `CI=1` unless set, and every secret value is replaced by `[redacted]` in its output, even
 * when split across chunks. On timeout the whole process group is killed, so test runners' children do not linger.
 */
export async function runCheck(options: RunCheckOptions): Promise<CheckRun> {
  const started = Date.now();
  const environment = childEnvironment({ ...options.secrets, set: { CI: process.env.CI ?? '1' } });
  const prepared = await prepareSandboxedCommand({
    argv: ['/bin/sh', '-c', options.command],
    cwd: options.cwd,
    env: environment.env,
    workspaceRoot: options.cwd,
    sandbox: options.sandbox,
  });
  if (!prepared.ready) {
    const text = `[the check did not run: the sandbox (${options.sandbox?.mode}) is not available on this host: ${prepared.reason}; fix: ${prepared.fix}, or turn the sandbox off (--sandbox off)]`;
    return {
      passed: false,
      exitCode: null,
      timedOut: false,
      durationMs: Date.now() - started,
      outputTail: text,
    };
  }
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    // One decoder and one redactor for both streams: they are interleaved into one text as they come.
    const decoder = new StringDecoder('utf8');
    const redactor = createSecretRedactor(environment.secrets);
    const append = (text: string) => {
      output = (output + text).slice(-options.maxOutputChars * 2);
    };
    const keep = (chunk: Buffer) => append(redactor.push(decoder.write(chunk)));
    const notStarted = (error: NodeJS.ErrnoException) =>
      `[${describeSpawnError({
        command: options.command,
        cwd: options.cwd,
        ...(error.code === undefined ? {} : { code: error.code }),
        message: error.message,
      })}]`;
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(prepared.file, prepared.args, {
        cwd: options.cwd,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: prepared.env,
      });
    } catch (error) {
      // Node throws some spawn errors (E2BIG: a command too long for the system) instead of emitting them.
      const outputTail = notStarted(error as NodeJS.ErrnoException);
      resolve({
        passed: false,
        exitCode: null,
        timedOut: false,
        durationMs: Date.now() - started,
        outputTail,
      });
      return;
    }
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = () => killGroup();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let settled = false;
    const finish = (exitCode: number | null, note = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      append(redactor.push(decoder.end()) + redactor.end());
      const explained = exitCode === 0 ? undefined : explainSandboxFailure(output, prepared);
      const text =
        output +
        note +
        (timedOut ? `\n[timed out after ${options.timeoutMs} ms]` : '') +
        (explained === undefined ? '' : `\n${explained}`);
      resolve({
        passed: exitCode === 0 && !timedOut,
        exitCode: timedOut ? null : exitCode,
        timedOut,
        durationMs: Date.now() - started,
        outputTail: text.slice(-options.maxOutputChars),
      });
    };
    child.on('error', (error: NodeJS.ErrnoException) => finish(null, `\n${notStarted(error)}`));
    child.on('close', (code) => finish(code));
  });
}
