import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of this process. On Linux the peak can be reset (writing 5 to /proc/self/clear_refs), so a
 * child can load its input first and then measure only the work; elsewhere the lifetime peak is all there is.
 */
export function resetPeakRss() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Peak RSS in bytes since start or since the last successful reset (VmHWM), else the lifetime maxRSS. */
export function peakRssBytes() {
  const status = readStatus();
  const match = status?.match(/^VmHWM:\s+(\d+) kB/m);
  if (match) return Number(match[1]) * 1024;
  return process.resourceUsage().maxRSS * 1024;
}

/** Current RSS in bytes. */
export function currentRssBytes() {
  return process.memoryUsage.rss();
}

function readStatus() {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return undefined;
  }
}
