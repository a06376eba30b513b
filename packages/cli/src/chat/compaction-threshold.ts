import { loadSession } from '@wright/core';
import { defaultContextWindows } from '@wright/core/internal';
import { createSessionStore } from '@wright/runner';

// The loop's own fallback for models missing from its table.
const fallbackContextWindow = 128_000;

/**
 * The compaction threshold that makes `/compact` happen once, before the next request: just under the context the
 * session has now. Later turns compact again only when the context grows back to that size (a fixed tiny threshold
 * would compact, and ask for a summary, before every turn of the prompt).
 */
export function compactionThreshold(contextTokens: number | undefined, model: string): number {
  if (contextTokens === undefined || contextTokens <= 0) return 0.01;
  const threshold = (0.9 * contextTokens) / contextWindowOf(model);
  return Math.min(1, Math.max(0.001, threshold));
}

/** The context size after the session's last turn (from its journal), if it has one. */
export async function lastContextTokens(options: {
  cwd: string;
  dataDirectory: string;
  sessionId: string;
}): Promise<number | undefined> {
  const store = await createSessionStore({ dataDirectory: options.dataDirectory, cwd: options.cwd });
  const session = await loadSession(store.journalPath(await store.resolve(options.sessionId)));
  const turnEnd = session.events.findLast((event) => event.type === 'turn-end');
  return turnEnd?.type === 'turn-end' ? turnEnd.contextTokens : undefined;
}

/** The context window of a model (tokens), from the loop's table by longest id prefix. */
export function contextWindowOf(model: string): number {
  const id = model.toLowerCase();
  const key = Object.keys(defaultContextWindows)
    .filter((name) => id.startsWith(name.toLowerCase()))
    .sort((left, right) => right.length - left.length)[0];
  return (key === undefined ? undefined : defaultContextWindows[key]) ?? fallbackContextWindow;
}
