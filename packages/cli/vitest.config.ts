import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  // End-to-end tests start real processes (the CLI, git, language servers, Redis); on a loaded machine one can take
  // minutes, so they get more time than unit tests. A test that hangs still fails, just later.
  defineConfig({
    test: { globalSetup: ['test/e2e/global-setup.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
  }),
);
