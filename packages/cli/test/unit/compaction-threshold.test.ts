import { describe, expect, it } from 'vitest';
import { compactionThreshold } from '../../src/chat/compaction-threshold.js';

describe('compactionThreshold (/compact)', () => {
  it('sits just under the current context, so it fires now and not again until the context regrows', () => {
    const threshold = compactionThreshold(50_000, 'glm-4.7');
    expect(threshold * 200_000).toBeCloseTo(45_000);
    expect(compactionThreshold(50_000, 'glm-4.5') * 128_000).toBeCloseTo(45_000);
    expect(compactionThreshold(50_000, 'some-local-model') * 128_000).toBeCloseTo(45_000);
  });

  it('compacts at once when the size is unknown, and stays within (0, 1]', () => {
    expect(compactionThreshold(undefined, 'glm-4.7')).toBe(0.01);
    expect(compactionThreshold(1, 'glm-4.7')).toBeGreaterThan(0);
    expect(compactionThreshold(10_000_000, 'glm-4.7')).toBe(1);
  });
});
