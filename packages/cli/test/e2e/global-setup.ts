import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDirectory = fileURLToPath(new URL('../../../', import.meta.url));
const dependencies = ['core', 'plugin', 'tools', 'runner', 'agent', 'queue', 'lsp', 'testing', 'cli'];

/** Builds the CLI (and the packages it uses) when any `dist` is older than its sources. */
export default function setup(): void {
  const stale = dependencies.some((name) => {
    const built = newest(join(packagesDirectory, name, 'dist'));
    return built === 0 || newest(join(packagesDirectory, name, 'src')) > built;
  });
  if (!stale) return;
  rebuild({
    env: process.env,
    build: () =>
      execFileSync('pnpm', ['--filter', '@wright/cli...', 'build'], {
        cwd: join(packagesDirectory, '..'),
        stdio: 'pipe',
      }),
    hasEarlierBuild: () => existsSync(join(packagesDirectory, 'cli', 'dist', 'bin.js')),
    warn: (text) => console.warn(text),
  });
}

/**
 * Runs the build. Locally, a failed build falls back to a complete earlier `dist/` (a sibling package mid-edit must
 * not block the CLI's tests); in CI a failed build always throws, so an older `dist/` can never hide it.
 */
export function rebuild(options: {
  env: Record<string, string | undefined>;
  build: () => unknown;
  hasEarlierBuild: () => boolean;
  warn: (text: string) => void;
}): void {
  try {
    options.build();
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    if (isCi(options.env)) throw new Error(`wright e2e: the build failed\n${output.slice(-4000)}`);
    if (!options.hasEarlierBuild()) throw error;
    options.warn(`wright e2e: rebuild failed, testing the existing dist/\n${output.slice(-2000)}`);
  }
}

/** True in CI: `CI` set to anything but an empty string, `0` or `false`. */
export function isCi(env: Record<string, string | undefined>): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function newest(directory: string): number {
  let latest = 0;
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(directory, entry);
    const stats = statSync(path);
    latest = Math.max(latest, stats.isDirectory() ? newest(path) : stats.mtimeMs);
  }
  return latest;
}
