import type { RunContext } from './run-context.js';
import type { HookContext } from './run-hooks.js';

/** What every hook gets: the session, the workspace root, the run's signal and a way to report its runs. */
export function hookContext(run: RunContext): HookContext {
  return {
    sessionId: run.sessionId,
    cwd: run.workspace.root,
    signal: run.controller.signal,
    report: (report) => run.emit({ type: 'hook-run', ...report }),
  };
}

/** Runs a hook; one that throws counts as one that had nothing to say (hooks report their own failures). */
export async function askHook<Value>(hook: () => Promise<Value> | undefined): Promise<Value | undefined> {
  try {
    return await hook();
  } catch {
    return undefined;
  }
}

/** The first sentence of a `hook-stopped` summary: which hook ended the run, and its reason (for the user). */
export function hookStopMessage(hook: string, reason: string): string {
  const text = reason.trim();
  return `${hook} ended the run: ${/[.!?]$/.test(text) ? text : `${text}.`}`;
}
