import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDirectory = fileURLToPath(new URL('./packages/', import.meta.url));

/**
 * Shared vitest settings. Workspace packages resolve to their TypeScript sources, so unit tests never need a build;
 * end-to-end tests that spawn the CLI use the built `dist/` (turbo builds before testing).
 */
export const sharedConfig = defineConfig({
  resolve: {
    alias: [
      { find: /^@wright\/([a-z-]+)$/, replacement: `${packagesDirectory}$1/src/index.ts` },
      { find: /^@wright\/([a-z-]+)\/(.+)$/, replacement: `${packagesDirectory}$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The JSON report feeds scripts/test-summary.mjs, which prints one closing line for the whole monorepo.
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results.json' },
  },
});
