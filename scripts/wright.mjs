// `pnpm wright ...` in the clone. pnpm runs a root script in the root folder, but the user means the directory they
// typed the command in: pnpm passes it as INIT_CWD (also with `pnpm -C <clone> wright` from another repository).
import { existsSync } from 'node:fs';

// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm for scripts; no turbo task reads it
const start = process.env.INIT_CWD;
if (start !== undefined && start !== '' && existsSync(start)) process.chdir(start);
await import('../packages/cli/dist/bin.js');
