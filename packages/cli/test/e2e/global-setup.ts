import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDirectory = fileURLToPath(new URL('../../../', import.meta.url));
const dependencies = ['core', 'tools', 'runner', 'testing', 'cli'];

/** Builds the CLI (and the packages it uses) when any `dist` is older than its sources. */
export default function setup(): void {
  const stale = dependencies.some((name) => {
    const built = newest(join(packagesDirectory, name, 'dist'));
    return built === 0 || newest(join(packagesDirectory, name, 'src')) > built;
  });
  if (!stale) return;
  try {
    execFileSync('pnpm', ['--filter', '@wright/cli...', 'build'], {
      cwd: join(packagesDirectory, '..'),
      stdio: 'pipe',
    });
  } catch (error) {
    // A sibling package mid-edit must not block the CLI's tests when a complete earlier build exists.
    if (!existsSync(join(packagesDirectory, 'cli', 'dist', 'bin.js'))) throw error;
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    console.warn(`wright e2e: rebuild failed, testing the existing dist/\n${output.slice(-2000)}`);
  }
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
