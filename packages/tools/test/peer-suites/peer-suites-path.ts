import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The shared peer suites live beside the clone (CI copies `shared/` next to it). */
export const peerSuitesDirectory = path.resolve(repoRoot, '..', 'shared', 'peer-suites');

/** Absolute path of a peer suite file, and whether it is present. */
export function peerSuite(relative: string): { file: string; exists: boolean } {
  const file = path.join(peerSuitesDirectory, relative);
  return { file, exists: existsSync(file) };
}
