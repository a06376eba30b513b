import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The machine a run happened on, for the results file and docs/performance.md. */
export function describeMachine() {
  return {
    cpu: cpuModel(),
    logicalCores: os.availableParallelism?.() ?? os.cpus().length,
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

function cpuModel() {
  try {
    const match = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (match) return match[1].trim();
  } catch {
    // Not Linux: fall through to what node knows.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}
