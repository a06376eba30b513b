import { describe, expect, it } from 'vitest';
import { isCi, rebuild } from '../e2e/global-setup.js';

const failingBuild = () => {
  throw Object.assign(new Error('Command failed: pnpm build'), {
    stdout: Buffer.from('src/x.ts: error TS2322'),
  });
};

describe('the e2e build step', () => {
  it('fails loudly in CI even when an earlier dist/ exists', () => {
    const warnings: string[] = [];
    const run = () =>
      rebuild({
        env: { CI: 'true' },
        build: failingBuild,
        hasEarlierBuild: () => true,
        warn: (text) => warnings.push(text),
      });
    expect(run).toThrow(/the build failed[\s\S]*error TS2322/);
    expect(warnings).toEqual([]);
  });

  it('locally falls back to an earlier dist/ with a warning, and throws without one', () => {
    const warnings: string[] = [];
    const options = { env: {}, build: failingBuild, warn: (text: string) => warnings.push(text) };
    expect(() => rebuild({ ...options, hasEarlierBuild: () => true })).not.toThrow();
    expect(warnings.join('')).toContain('error TS2322');
    expect(() => rebuild({ ...options, hasEarlierBuild: () => false })).toThrow('Command failed');
  });

  it('recognises CI values', () => {
    expect([
      isCi({ CI: 'true' }),
      isCi({ CI: '1' }),
      isCi({ CI: 'false' }),
      isCi({ CI: '' }),
      isCi({}),
    ]).toEqual([true, true, false, false, false]);
  });
});
