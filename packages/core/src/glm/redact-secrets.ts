import type { ErrorData } from '../errors.js';

const placeholder = '[redacted]';
// Bearer tokens in echoed headers, whatever their value.
const bearerPattern = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/** Replaces every occurrence of each secret (and any bearer token) in `text` with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    result = result.split(secret).join(placeholder);
    // The same secret as it appears inside JSON text.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) result = result.split(escaped).join(placeholder);
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
