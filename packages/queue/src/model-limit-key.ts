import { createHash } from 'node:crypto';

/** What identifies one provider key's request budget. */
export type BatchLimitKeyInput = { provider: string; baseUrl?: string; apiKey?: string };

/**
 * The semaphore name for one key: a hash of provider, endpoint and key, so workers sharing a key share its slots
 * while the key itself never reaches Redis.
 */
export function modelLimitKey(input: BatchLimitKeyInput): string {
  return createHash('sha256')
    .update(`${input.provider}\0${input.baseUrl ?? ''}\0${input.apiKey ?? ''}`)
    .digest('hex')
    .slice(0, 24);
}
