import { existsSync, readFileSync, statSync } from 'node:fs';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';

/** True when a plugin spec names a local file or directory rather than an npm package. */
export function isLocalSpec(spec: string): boolean {
  return spec.startsWith('.') || nodePath.isAbsolute(spec) || /\.([mc]?js|[mc]?ts)$/.test(spec);
}

/**
 * Finds the file to import for a plugin spec: a local file, a local package directory, or an npm package
 * installed in a node_modules directory at or above `cwd`. Package entries follow `exports` ('import', 'node',
 * 'default' conditions), then `main`, then index.js.
 */
export function resolvePluginEntry(spec: string, cwd: string): string {
  if (isLocalSpec(spec)) {
    const absolute = nodePath.resolve(cwd, spec);
    if (!existsSync(absolute))
      throw wrightError('invalid-options', `Plugin "${spec}": ${absolute} does not exist.`);
    return statSync(absolute).isDirectory() ? packageEntry(absolute, spec) : absolute;
  }
  for (let directory = nodePath.resolve(cwd); ; directory = nodePath.dirname(directory)) {
    const candidate = nodePath.join(directory, 'node_modules', spec);
    if (existsSync(nodePath.join(candidate, 'package.json'))) return packageEntry(candidate, spec);
    if (nodePath.dirname(directory) === directory) break;
  }
  throw wrightError('invalid-options', `Plugin "${spec}": package not found in node_modules above ${cwd}.`, {
    hint: `Install it (npm install ${spec}) or give a path starting with "./".`,
  });
}

function packageEntry(directory: string, spec: string): string {
  const manifestPath = nodePath.join(directory, 'package.json');
  const manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: unknown; main?: string })
    : {};
  const target = exportTarget(manifest.exports) ?? manifest.main ?? 'index.js';
  const entry = nodePath.resolve(directory, target);
  if (!existsSync(entry)) {
    throw wrightError(
      'invalid-options',
      `Plugin "${spec}": its entry ${entry} does not exist (is it built?).`,
    );
  }
  return entry;
}

function exportTarget(exportsField: unknown): string | undefined {
  if (typeof exportsField === 'string') return exportsField;
  if (Array.isArray(exportsField)) return exportTarget(exportsField[0]);
  if (typeof exportsField !== 'object' || exportsField === null) return undefined;
  const map = exportsField as Record<string, unknown>;
  if ('.' in map) return exportTarget(map['.']);
  for (const condition of ['import', 'node', 'default']) {
    if (condition in map) return exportTarget(map[condition]);
  }
  return undefined;
}
