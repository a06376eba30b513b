import { exitCodes } from '../exit-codes.js';

/**
 * The first Ctrl-C (SIGINT) aborts the signal, so the run stops, flushes its journal and exits 130; a second one
 * exits 130 at once.
 */
export function watchInterrupts(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(exitCodes.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onInterrupt) };
}
