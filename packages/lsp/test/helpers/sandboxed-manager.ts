import { childEnvironment } from '@wright/core';
import {
  createLspManager,
  type LspEvent,
  type LspManager,
  languageServerTable,
  spawnSandboxedServer,
} from '../../src/index.js';

/**
 * The product's default: the built-in servers inside bwrap (these tests fail without it, as CI has it), with a
 * generous wait for a loaded machine.
 */
export function createSandboxedManager(onEvent?: (event: LspEvent) => void): LspManager {
  return createLspManager({
    servers: languageServerTable(),
    spawnServer: spawnSandboxedServer({ env: childEnvironment().env, sandbox: { mode: 'workspace-write' } }),
    waitMs: 30_000,
    ...(onEvent === undefined ? {} : { onEvent }),
  });
}
