/** The loop guard's verdict on one tool call. */
export type LoopVerdict = 'run' | 'warn' | 'stop';

export type LoopGuard = {
  /** Records a call (in call order) and says whether it may run. */
  check(name: string, argumentsText: string): LoopVerdict;
};

/** Arguments as compared: the parsed JSON, or the trimmed text when it does not parse. */
type Arguments = { parsed: true; value: unknown } | { parsed: false; text: string };

/**
 * Watches for the same tool called with the same arguments many times in a row. The `repeats`-th identical call in
 * a row gets a warning instead of running; one more identical call stops the run. Arguments count as the same when
 * their texts are equal or, only when they differ, when they are the same JSON up to key order and spacing.
 */
export function createLoopGuard(repeats: number): LoopGuard {
  let lastName: string | undefined;
  let lastText = '';
  // `lastText` read as arguments, made only once a call with other text has to be compared with it.
  let lastArguments: Arguments | undefined;
  let count = 0;
  return {
    check(name, argumentsText) {
      let same = name === lastName && argumentsText === lastText;
      let current: Arguments | undefined;
      if (!same && name === lastName) {
        lastArguments ??= readArguments(lastText);
        current = readArguments(argumentsText);
        same = sameArguments(current, lastArguments);
      }
      count = same ? count + 1 : 1;
      lastName = name;
      lastText = argumentsText;
      lastArguments = current ?? (same ? lastArguments : undefined);
      if (count > repeats) return 'stop';
      if (count === repeats) return 'warn';
      return 'run';
    },
  };
}

function readArguments(text: string): Arguments {
  try {
    return { parsed: true, value: JSON.parse(text) };
  } catch {
    return { parsed: false, text: text.trim() };
  }
}

function sameArguments(left: Arguments, right: Arguments): boolean {
  if (left.parsed && right.parsed) return sameJson(left.value, right.value);
  return !left.parsed && !right.parsed && left.text === right.text;
}

/** Equality of parsed JSON values, ignoring key order. */
function sameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  // Plain loops, no callbacks: this runs for every tool call whose text differs from the previous call's.
  if (Array.isArray(left) && Array.isArray(right)) {
    if (left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) if (!sameJson(left[index], right[index])) return false;
    return true;
  }
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const keys = Object.keys(leftRecord);
  if (keys.length !== Object.keys(rightRecord).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(rightRecord, key) || !sameJson(leftRecord[key], rightRecord[key])) return false;
  }
  return true;
}
