import type { ConfigFile } from '../config-schema.js';

/**
 * Settings that run code, widen what Wright may do, or decide where the API key goes. From a project's
 * `.wright/config.json` they take effect only once the user has trusted that file (`wright trust`); everything else
 * in the file applies either way. Dotted paths name nested keys. Deny rules (`approval.deny`), `secretEnv` and
 * `protectedPaths` only narrow, so they are not here. Add any new key that widens (sandbox, network, hooks) here.
 */
export const trustGatedSettings: readonly string[] = [
  'provider',
  'baseUrl',
  'apiKeyEnv',
  'plugins',
  'mcpServers',
  'check',
  'approval.mode',
  'approval.allow',
  'passEnv',
  // Language servers from config are commands Wright starts.
  'lsp.servers',
  // web_fetch reaching private and loopback addresses (the user's intranet, cloud metadata).
  'webFetch.allowPrivate',
  'webFetch.allowHosts',
  // Hooks are commands Wright runs at every prompt and tool call.
  'hooks',
];

/** A config without its gated settings, and the gated settings it had (as dotted paths, in list order). */
export function withoutGatedSettings(config: ConfigFile): { config: ConfigFile; removed: string[] } {
  const copy = structuredClone(config) as Record<string, unknown>;
  const removed: string[] = [];
  for (const path of trustGatedSettings) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let parent: Record<string, unknown> | undefined = copy;
    for (const key of keys) {
      const next: unknown = parent?.[key];
      parent = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
    }
    if (parent === undefined || !(last in parent)) continue;
    delete parent[last];
    removed.push(path);
  }
  return { config: copy as ConfigFile, removed };
}
