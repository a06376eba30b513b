// `pnpm package [--out <dir>] [--no-build]`: builds every publishable package and packs it with `pnpm pack` into one
// folder (default: ./packed), ready for `npm i -g ./packed/*.tgz` or for attaching to a release.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm for scripts; no turbo task reads it
  process.env.INIT_CWD ?? process.cwd(),
  outIndex === -1 ? join(root, 'packed') : args[outIndex + 1],
);
const run = (commandArgs, cwd = root) =>
  execFileSync('pnpm', commandArgs, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((directory) => {
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    return manifest.private !== true;
  });
if (!args.includes('--no-build')) {
  run(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const directory of packages) {
  // pnpm (not npm) packs: it rewrites `workspace:*` dependencies to the real version numbers.
  run(['pack', '--pack-destination', out], directory);
}
const tarballs = readdirSync(out).filter((name) => name.endsWith('.tgz'));
console.log(`${tarballs.length} packages in ${out}:\n${tarballs.map((name) => `  ${name}`).join('\n')}`);
console.log(`install the wright command: npm i -g ${join(out, '*.tgz')}`);
