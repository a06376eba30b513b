import type { ErrorData } from '../errors.js';

const placeholder = '[redacted]';
// Bearer tokens in echoed headers, whatever their value.
const bearerPattern = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/** Replaces every occurrence of each secret (and any bearer token) in `text` with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const variant of secretVariants(secrets)) {
    if (result.includes(variant)) result = result.split(variant).join(placeholder);
  }
  return result.replace(bearerPattern, `$1${placeholder}`);
}

/** Redacts the message, hint and details of error data. */
export function redactErrorData(data: ErrorData, secrets: readonly string[]): ErrorData {
  const redacted: ErrorData = { ...data, message: redactSecrets(data.message, secrets) };
  if (data.hint !== undefined) redacted.hint = redactSecrets(data.hint, secrets);
  if (data.details !== undefined) {
    redacted.details = JSON.parse(redactSecrets(JSON.stringify(data.details), secrets)) as Record<
      string,
      unknown
    >;
  }
  return redacted;
}

/** Redacts a text that arrives in pieces (a process's output), including a secret split across pieces. */
export type SecretRedactor = {
  /** Feeds the next piece; returns the redacted text that is safe to pass on now. */
  push(text: string): string;
  /** Returns whatever was held back, redacted. Call once, after the last piece. */
  end(): string;
};

/**
 * A streaming `redactSecrets`. It holds back only a tail that could be the start of a secret (at most the longest
 * secret's length minus one), so ordinary output passes at once and a secret split across pieces is still caught.
 * Each push costs O(secrets × (piece + longest secret)), linear in the output.
 */
export function createSecretRedactor(secrets: readonly string[]): SecretRedactor {
  const variants = secretVariants(secrets);
  let pending = '';
  return {
    push(text) {
      if (variants.length === 0) return redactSecrets(text, variants);
      const redacted = redactSecrets(pending + text, variants);
      const keep = heldBackStart(redacted, variants);
      pending = redacted.slice(keep);
      return redacted.slice(0, keep);
    },
    end() {
      const rest = pending;
      pending = '';
      return redactSecrets(rest, variants);
    },
  };
}

// The earliest index whose suffix is a proper prefix of some secret: everything from there waits for more text.
function heldBackStart(text: string, variants: readonly string[]): number {
  let start = text.length;
  for (const variant of variants) {
    const from = Math.max(0, text.length - variant.length + 1);
    for (let index = from; index < start; index++) {
      if (text.charCodeAt(index) !== variant.charCodeAt(0)) continue;
      if (variant.startsWith(text.slice(index))) {
        start = index;
        break;
      }
    }
  }
  return start;
}

// Each secret of useful length, and the same secret as it appears inside JSON text; longest first, so a secret
// that contains another is replaced whole.
function secretVariants(secrets: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    variants.add(secret);
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...variants].sort((left, right) => right.length - left.length);
}
