/** Wall time and CPU time (user + system, this process) of one async call, in milliseconds. */
export async function measure(run) {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await run();
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result };
}

/** Runs `run` `warmup` times unmeasured, then `runs` times measured; returns the measurements. */
export async function repeat(run, { runs, warmup = 1 }) {
  for (let index = 0; index < warmup; index++) await run();
  const samples = [];
  for (let index = 0; index < runs; index++) samples.push(await measure(run));
  return samples;
}

/** Runs a garbage collection when node was started with --expose-gc. */
export function collectGarbage() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}
