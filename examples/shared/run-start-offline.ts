// Shared by the examples' tests: runs an example's `pnpm start` script the way a newcomer does, without a key.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

/**
 * Runs `start.ts` of the example in `exampleDirectory` with jiti (as `pnpm start` does) and ZAI_API_KEY removed
 * from the environment, so it must run offline; resolves with its stdout, rejects when it exits non-zero.
 */
export async function runStartOffline(exampleDirectory: URL): Promise<string> {
  // jiti is the example's own dev dependency: resolve it from the example's package.json.
  const jiti = createRequire(new URL('package.json', exampleDirectory))
    .resolve('jiti/package.json')
    .replace(/package\.json$/, 'lib/jiti-cli.mjs');
  const env = { ...process.env };
  delete env.ZAI_API_KEY;
  const { stdout } = await promisify(execFile)(process.execPath, [jiti, 'start.ts'], {
    cwd: exampleDirectory,
    env,
  });
  return stdout;
}
