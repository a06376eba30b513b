import { type CommandInput, stringValue } from '../command-definition.js';
import { usageFailure } from '../exit-codes.js';

/** The `--queue` address: the flag, else `WRIGHT_QUEUE`; `undefined` when neither is set. */
export function queueAddress(
  input: CommandInput,
  env: Record<string, string | undefined>,
): string | undefined {
  return stringValue(input, 'queue') ?? env.WRIGHT_QUEUE;
}

/** A positive whole number from a flag, or the default. */
export function wholeNumberFlag(
  input: CommandInput,
  name: string,
  fallback: number,
  command: string,
): number {
  const text = stringValue(input, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value > 0) return value;
  throw usageFailure(`wright ${command}: --${name} must be a positive whole number (got '${text}')`);
}

/** A duration flag (`500ms`, `30s`, `5m`, `1h`; a bare number is seconds) in milliseconds, or the default. */
export function durationFlag(input: CommandInput, name: string, fallbackMs: number, command: string): number {
  const text = stringValue(input, name);
  if (text === undefined) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match?.[2] ?? 's'] ?? 1000;
  const value = match ? Number(match[1]) * unit : Number.NaN;
  if (Number.isFinite(value) && value > 0) return Math.round(value);
  throw usageFailure(`wright ${command}: --${name} takes a duration like 30s, 5m or 1h (got '${text}')`);
}
