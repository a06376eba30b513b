import { fork } from 'node:child_process';

/**
 * Runs a bench script in a fresh node process (for memory figures that must not share a heap) and resolves with
 * the one message it sends through `process.send`. Rejects when the child exits without answering or times out.
 */
export function runChild(scriptPath, args = [], { timeoutMs = 300_000, execArgv = ['--expose-gc'] } = {}) {
  // WRIGHT_BENCH_PROFILE=<dir> writes a CPU profile of every measured child there (see bench/profile.mjs).
  const profile = process.env.WRIGHT_BENCH_PROFILE;
  const flags = profile ? [...execArgv, '--cpu-prof', `--cpu-prof-dir=${profile}`] : execArgv;
  return new Promise((resolve, reject) => {
    const child = fork(scriptPath, args.map(String), {
      execArgv: flags,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${scriptPath} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (message) => {
      answer = message;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.error) reject(new Error(`${scriptPath}: ${answer.error}`));
      else if (answer !== undefined) resolve(answer);
      else reject(new Error(`${scriptPath} exited (${signal ?? code}) without a result`));
    });
  });
}

/** In a child: runs `main`, sends its result (or its error) to the parent, and exits. */
export async function answerParent(main) {
  try {
    const result = await main();
    process.send?.(result, () => process.exit(0));
  } catch (error) {
    process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
      process.exit(1),
    );
  }
}
