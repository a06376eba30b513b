import { exitCodes } from '../exit-codes.js';

/**
 * The first Ctrl-C (SIGINT) aborts the signal, so the run stops, flushes its journal and exits 130; a second one
 * exits 130 at once. A reader that goes away (`wright run --json | head -1`, stdout EPIPE) counts as a first Ctrl-C.
 */
export function watchInterrupts(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(exitCodes.interrupted);
    controller.abort();
  };
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.stdout.on('error', onOutputError);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInterrupt);
      process.stdout.off('error', onOutputError);
    },
  };
}
