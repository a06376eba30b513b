import type { Usage } from '../usage.js';

/** Reads a wire `usage` object; undefined when it is missing or not an object. */
export function mapUsage(wire: unknown): Usage | undefined {
  if (typeof wire !== 'object' || wire === null) return undefined;
  const record = wire as Record<string, unknown>;
  const number = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  const details = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const inputTokens = number(record.prompt_tokens) ?? 0;
  const outputTokens = number(record.completion_tokens) ?? 0;
  const usage: Usage = {
    inputTokens,
    cachedInputTokens: number(details(record.prompt_tokens_details).cached_tokens) ?? 0,
    outputTokens,
    totalTokens: number(record.total_tokens) ?? inputTokens + outputTokens,
  };
  const reasoningTokens = number(details(record.completion_tokens_details).reasoning_tokens);
  if (reasoningTokens !== undefined) usage.reasoningTokens = reasoningTokens;
  return usage;
}
