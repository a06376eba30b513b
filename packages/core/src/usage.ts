/** Token counts for one model request, as reported by the provider. */
export type Usage = {
  /** Prompt tokens, cached ones included (`prompt_tokens`). */
  inputTokens: number;
  /** Prompt tokens served from the provider's prefix cache (`prompt_tokens_details.cached_tokens`). */
  cachedInputTokens: number;
  /** Generated tokens, reasoning included (`completion_tokens`). */
  outputTokens: number;
  /** Reasoning tokens when the provider reports them (`completion_tokens_details.reasoning_tokens`). */
  reasoningTokens?: number;
  /** `total_tokens` as reported, or input + output. */
  totalTokens: number;
};

export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  totalTokens: 0,
});

/** Sums two usages; reasoning tokens are summed only when either side reports them. */
export function addUsage(left: Usage, right: Usage): Usage {
  const sum: Usage = {
    inputTokens: left.inputTokens + right.inputTokens,
    cachedInputTokens: left.cachedInputTokens + right.cachedInputTokens,
    outputTokens: left.outputTokens + right.outputTokens,
    totalTokens: left.totalTokens + right.totalTokens,
  };
  if (left.reasoningTokens !== undefined || right.reasoningTokens !== undefined) {
    sum.reasoningTokens = (left.reasoningTokens ?? 0) + (right.reasoningTokens ?? 0);
  }
  return sum;
}

/** Share of input tokens served from cache, 0..1; 0 when there was no input. */
export function cacheHitRate(usage: Usage): number {
  return usage.inputTokens === 0 ? 0 : usage.cachedInputTokens / usage.inputTokens;
}
