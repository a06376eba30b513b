import { exitCodes } from '../exit-codes.js';

/** The signals that stop a run, and the exit code each one ends it with (128 + the signal number). */
const stopSignals: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = {
  SIGINT: exitCodes.interrupted,
  SIGTERM: exitCodes.terminated,
  SIGHUP: exitCodes.hangup,
};

/** A run's view of the signals that stop it. */
export type Interrupts = {
  /** Aborted by the first stop signal (or a reader that went away). */
  signal: AbortSignal;
  /** The exit code the first stop signal calls for (130, 143 or 129), once one arrived. */
  exitCode(): number | undefined;
  dispose(): void;
};

/**
 * The first SIGINT (Ctrl-C), SIGTERM or SIGHUP aborts the signal, so the run stops, kills its foreground and
 * background process groups, flushes its journal and exits 130, 143 or 129; a second one exits at once with its own
 * code (the tools' exit hooks still kill the process groups they started). A reader that goes away
 * (`wright run --json | head -1`, stdout EPIPE) counts as a first Ctrl-C. `signals` narrows which are watched
 * (`chat` handles Ctrl-C itself, per step).
 */
export function watchInterrupts(
  signals: ReadonlyArray<keyof typeof stopSignals> = ['SIGINT', 'SIGTERM', 'SIGHUP'],
): Interrupts {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const listeners = signals.map((name) => {
    const listener = () => {
      if (controller.signal.aborted) process.exit(stopSignals[name]);
      exitCode = stopSignals[name];
      controller.abort();
    };
    process.on(name, listener);
    return () => process.off(name, listener);
  });
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' || controller.signal.aborted) return;
    exitCode = exitCodes.interrupted;
    controller.abort();
  };
  process.stdout.on('error', onOutputError);
  return {
    signal: controller.signal,
    exitCode: () => exitCode,
    dispose() {
      for (const remove of listeners) remove();
      process.stdout.off('error', onOutputError);
    },
  };
}
