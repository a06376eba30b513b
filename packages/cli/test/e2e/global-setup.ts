import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
  execFileSync('pnpm', ['--filter', '@wright/cli...', 'build'], {
    cwd: join(packagesDirectory, '..'),
    stdio: 'inherit',
  });
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
