/** The loop guard's verdict on one tool call. */
export type LoopVerdict = 'run' | 'warn' | 'stop';

export type LoopGuard = {
  /** Records a call (in call order) and says whether it may run. */
  check(name: string, argumentsText: string): LoopVerdict;
};

/**
 * Watches for the same tool called with the same arguments many times in a row. The `repeats`-th identical call in
 * a row gets a warning instead of running; one more identical call stops the run.
 */
export function createLoopGuard(repeats: number): LoopGuard {
  let lastName: string | undefined;
  let lastText = '';
  // The canonical form of `lastText`, made only once a call with other text has to be compared with it.
  let lastCanonical: string | undefined;
  let count = 0;
  return {
    check(name, argumentsText) {
      let same = name === lastName && argumentsText === lastText;
      let canonical: string | undefined;
      if (!same && name === lastName) {
        lastCanonical ??= canonicalArguments(lastText);
        canonical = canonicalArguments(argumentsText);
        same = canonical === lastCanonical;
      }
      count = same ? count + 1 : 1;
      lastName = name;
      lastText = argumentsText;
      lastCanonical = canonical ?? (same ? lastCanonical : undefined);
      if (count > repeats) return 'stop';
      if (count === repeats) return 'warn';
      return 'run';
    },
  };
}

/** Same JSON with keys sorted, so `{"a":1,"b":2}` and `{ "b": 2, "a": 1 }` count as the same call. */
function canonicalArguments(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text.trim();
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([left], [right]) =>
    left < right ? -1 : left > right ? 1 : 0,
  );
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}
