import { spawn } from 'node:child_process';

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

/**
 * Runs a shell command in `cwd` and captures the tail of its output. On timeout the whole process group is killed,
 * so test runners' children do not linger.
 */
export function runCheck(options: {
  command: string;
  cwd: string;
  timeoutMs: number;
  maxOutputChars: number;
  signal?: AbortSignal;
}): Promise<CheckRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-options.maxOutputChars * 2);
    };
    const child = spawn(options.command, {
      cwd: options.cwd,
      shell: true,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: process.env.CI ?? '1' },
    });
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
      const text = output + note + (timedOut ? `\n[timed out after ${options.timeoutMs} ms]` : '');
      resolve({
        passed: exitCode === 0 && !timedOut,
        exitCode: timedOut ? null : exitCode,
        timedOut,
        durationMs: Date.now() - started,
        outputTail: text.slice(-options.maxOutputChars),
      });
    };
    child.on('error', (error) => finish(null, `\n[could not start: ${error.message}]`));
    child.on('close', (code) => finish(code));
  });
}
