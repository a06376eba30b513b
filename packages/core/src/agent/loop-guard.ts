/** The loop guard's verdict on one tool call. */
export type LoopVerdict = 'run' | 'warn' | 'stop';

/** The pattern behind the last `warn` or `stop`. */
export type LoopPattern = {
  /** `repeat`: the same call in a row; `near-repeat`: calls that differ only in spacing, `./` or quoted numbers; `alternating`: two calls taking turns (A, B, A, B, …). */
  kind: 'repeat' | 'near-repeat' | 'alternating';
  /** The tool names involved (one, or two for `alternating`). */
  names: string[];
  /** How many calls the pattern spans. */
  calls: number;
};

export type LoopGuard = {
  /** Records a call (in call order) and says whether it may run. */
  check(name: string, argumentsText: string): LoopVerdict;
  /** The pattern behind the last verdict other than `run`. */
  readonly pattern: LoopPattern | undefined;
};

type Seen = { name: string; exact: string; near: string };

/**
 * Watches for GLM's reported looping: the same call again and again, calls that are the same once spacing, `./`
 * prefixes, key order and numbers-as-text are set aside (near-identical), and two calls taking turns (A, B, A, B).
 * The `repeats`-th call in a row of a repeat, or the call completing the `repeats`-th round of an alternation, gets a
 * warning instead of running; one more call continuing the pattern stops the run.
 */
export function createLoopGuard(repeats: number): LoopGuard {
  let previous: Seen | undefined;
  let beforePrevious: Seen | undefined;
  // Calls in the current run of the same call, and whether all of them were exactly the same.
  let runLength = 0;
  let runExact = true;
  // Calls in the current alternation (each equal to the one two before it, different from the one before).
  let alternation = 0;
  let pattern: LoopPattern | undefined;
  return {
    get pattern() {
      return pattern;
    },
    check(name, argumentsText) {
      const current = describe(name, argumentsText);
      if (previous !== undefined && previous.near === current.near) {
        runLength++;
        runExact &&= previous.exact === current.exact;
        alternation = 0;
      } else {
        runLength = 1;
        runExact = true;
        const alternates = beforePrevious !== undefined && beforePrevious.near === current.near;
        alternation = previous === undefined ? 1 : alternates ? Math.max(alternation, 2) + 1 : 2;
      }
      const names = previous === undefined ? [name] : [previous.name, name];
      beforePrevious = previous;
      previous = current;
      if (runLength >= repeats) {
        pattern = { kind: runExact ? 'repeat' : 'near-repeat', names: [name], calls: runLength };
        return runLength > repeats ? 'stop' : 'warn';
      }
      if (alternation >= 2 * repeats) {
        pattern = { kind: 'alternating', names, calls: alternation };
        return alternation > 2 * repeats ? 'stop' : 'warn';
      }
      return 'run';
    },
  };
}

/** A call's name and arguments as compared: exactly (up to key order), and near (normalised). */
function describe(name: string, argumentsText: string): Seen {
  let value: unknown;
  try {
    value = JSON.parse(argumentsText);
  } catch {
    const text = argumentsText.trim();
    return { name, exact: `${name}\u0000${text}`, near: `${name}\u0000${text.replace(/\s+/g, ' ')}` };
  }
  return {
    name,
    exact: `${name}\u0000${canonical(value, false)}`,
    near: `${name}\u0000${canonical(value, true)}`,
  };
}

/** JSON text with sorted keys; `near` also trims and collapses spaces, drops `./` and nulls, reads numbers in text. */
function canonical(value: unknown, near: boolean): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++)
      text += `${index > 0 ? ',' : ''}${canonical(value[index], near)}`;
    return `${text}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    let text = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      if (near && record[key] === null) continue;
      text += `${first ? '' : ','}${JSON.stringify(key)}:${canonical(record[key], near)}`;
      first = false;
    }
    return `${text}}`;
  }
  if (near && typeof value === 'string') return JSON.stringify(nearText(value));
  if (near && typeof value === 'number') return JSON.stringify(String(value));
  if (near && typeof value === 'boolean') return JSON.stringify(String(value));
  return JSON.stringify(value);
}

function nearText(text: string): string {
  let out = text.trim().replace(/\s+/g, ' ');
  while (out.startsWith('./')) out = out.slice(2);
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  if (/^-?\d+(\.\d+)?$/.test(out)) return String(Number(out));
  return out.toLowerCase() === 'true' || out.toLowerCase() === 'false' ? out.toLowerCase() : out;
}
