import type { Settings } from '@wright/agent';
import type { SecretPolicy } from '@wright/core';

/**
 * The secret policy of every child process of a run (shell, background shell, `--check`, MCP stdio servers): the
 * provider key's variable and `secretEnv` are always removed; `passEnv` lets named credential variables through.
 */
export function secretPolicy(settings: Pick<Settings, 'apiKeyEnv' | 'secretEnv' | 'passEnv'>): SecretPolicy {
  return { secretEnv: [settings.apiKeyEnv, ...settings.secretEnv], passEnv: settings.passEnv };
}
