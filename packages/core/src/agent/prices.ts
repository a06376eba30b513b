import type { Usage } from '../usage.js';

/** Prices of one model in US dollars per million tokens. */
export type ModelPrice = {
  /** Uncached prompt tokens. */
  input: number;
  /** Prompt tokens served from the provider's cache. */
  cachedInput: number;
  /** Generated tokens (reasoning included). */
  output: number;
};

/** Prices by model id; a model id also matches the longest key it starts with (`glm-4.7-fp8` → `glm-4.7`). */
export type PriceTable = Record<string, ModelPrice>;

/**
 * Z.AI's public list prices in USD per 1M tokens, as published when this was written (early 2026). Not fetched from
 * anywhere, so they may be out of date: override them with `prices`. glm-4.7-flash is listed as free by Z.AI, though
 * some catalogs show $0.06 / $0.40.
 */
export const defaultPrices: PriceTable = {
  'glm-4.7': { input: 0.6, cachedInput: 0.11, output: 2.2 },
  'glm-4.7-flash': { input: 0, cachedInput: 0, output: 0 },
  'glm-4.7-flashx': { input: 0.07, cachedInput: 0.01, output: 0.4 },
  'glm-4.6': { input: 0.6, cachedInput: 0.11, output: 2.2 },
  'glm-4.5': { input: 0.6, cachedInput: 0.11, output: 2.2 },
  'glm-4.5-air': { input: 0.2, cachedInput: 0.03, output: 1.1 },
  'glm-4.5-x': { input: 2.2, cachedInput: 0.45, output: 8.9 },
  'glm-4.5-airx': { input: 1.1, cachedInput: 0.22, output: 4.5 },
  'glm-4.5-flash': { input: 0, cachedInput: 0, output: 0 },
};

/** Context windows in tokens by model id (same prefix matching as prices). */
export const defaultContextWindows: Record<string, number> = {
  'glm-4.7': 200_000,
  'glm-4.7-flash': 200_000,
  'glm-4.6': 200_000,
  'glm-4.5': 128_000,
};

/** Used when a model appears in no table. */
export const fallbackContextWindow = 128_000;

/** Looks a model up by exact id, then by the longest key the id starts with. */
export function lookupModel<Value>(table: Record<string, Value>, model: string): Value | undefined {
  const id = model.toLowerCase();
  if (table[id] !== undefined) return table[id];
  const keys = Object.keys(table)
    .filter((key) => id.startsWith(key.toLowerCase()))
    .sort((left, right) => right.length - left.length);
  return keys[0] === undefined ? undefined : table[keys[0]];
}

/** Cost of one usage in US dollars; 0 when the model has no price. */
export function costOf(usage: Usage, price: ModelPrice | undefined): number {
  if (price === undefined) return 0;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  return (
    (uncached * price.input + cached * price.cachedInput + usage.outputTokens * price.output) / 1_000_000
  );
}
