import type { Settings } from '@wright/agent';
import { usageFailure } from '../exit-codes.js';

/** Where and how to reach the model, after checking that nothing required is missing. */
export type ModelAccess = {
  provider: Settings['provider'];
  model: string;
  /** Absent means the provider's default. */
  baseUrl?: string;
  apiKey?: string;
};

/** Providers Z.AI or BigModel host (they need a key; self-hosted ones need a base URL). */
export const hostedProviders: ReadonlySet<string> = new Set([
  'zai',
  'zai-coding',
  'bigmodel',
  'bigmodel-coding',
]);

/** Checks the key and base URL before any request; a gap is a usage failure with the fix. */
export function resolveModelAccess(settings: Settings): ModelAccess {
  const access: ModelAccess = { provider: settings.provider, model: settings.model };
  if (settings.baseUrl !== undefined) access.baseUrl = settings.baseUrl;
  if (settings.apiKey !== undefined) access.apiKey = settings.apiKey;
  const hosted = hostedProviders.has(settings.provider);
  if (!hosted && settings.baseUrl === undefined) {
    throw usageFailure(
      `wright: provider ${settings.provider} needs a base URL`,
      'pass --base-url http://HOST:PORT/v1 or set "baseUrl" in .wright/config.json',
    );
  }
  if (hosted && settings.apiKey === undefined) {
    const where =
      settings.apiKeyEnv === 'ZAI_API_KEY'
        ? 'export ZAI_API_KEY=<your key> (create one at https://z.ai/manage-apikey/apikey-list)'
        : `export ${settings.apiKeyEnv}=<your key> (named by "apiKeyEnv" in your config)`;
    throw usageFailure(
      `wright: no API key: ${settings.apiKeyEnv} is not set`,
      `${where}, or try 'wright demo' offline`,
    );
  }
  return access;
}
