import { childEnvironment, redactSecrets, type SecretPolicy } from '@wright/core';
import { resolveWorkspacePath } from '@wright/core/internal';
import type { PluginHost } from '@wright/plugin';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';

/**
 * The API a plugin's default export receives: this package's own `defineTool` and zod, so a plugin imports nothing
 * and a zod installed next to it (of any version) never meets the host's. It also carries `cwd` and `spec`, so the
 * older factory form `(context) => tools` keeps working unchanged.
 */
export function createPluginHost(options: {
  cwd: string;
  spec: string;
  file: string;
  secrets?: SecretPolicy;
}): PluginHost {
  return {
    defineTool,
    z,
    resolveWorkspacePath,
    cwd: options.cwd,
    spec: options.spec,
    file: options.file,
    apiVersion: 1,
    childEnvironment: (set = {}) => childEnvironment({ ...options.secrets, set }),
    redactSecrets,
  };
}
