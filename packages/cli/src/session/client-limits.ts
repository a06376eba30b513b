import type { Settings } from '@wright/agent';
import type { GlmClientOptions } from '@wright/core';

/** The model client's stream limits from config (`idleTimeoutMs`, `streamTimeoutMs`), when set. */
export function clientLimits(
  settings: Settings,
): Pick<GlmClientOptions, 'idleTimeoutMs' | 'streamTimeoutMs'> {
  const limits: Pick<GlmClientOptions, 'idleTimeoutMs' | 'streamTimeoutMs'> = {};
  if (settings.idleTimeoutMs !== undefined) limits.idleTimeoutMs = settings.idleTimeoutMs;
  if (settings.streamTimeoutMs !== undefined) limits.streamTimeoutMs = settings.streamTimeoutMs;
  return limits;
}
