import { type WrightError, wrightError } from '@wright/core';

/**
 * A mistake in config, environment variables or flags: an `invalid-options` WrightError whose message is one line
 * naming the source and the key, with the fix as its hint and `details.usage: true`, which the CLI prints as is
 * and exits 2 with.
 */
export function usageFailure(message: string, hint?: string): WrightError {
  return wrightError('invalid-options', message, {
    ...(hint === undefined ? {} : { hint }),
    details: { usage: true },
  });
}
