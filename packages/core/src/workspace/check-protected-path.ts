import nodePath from 'node:path';
import { type WrightError, wrightError } from '../errors.js';
import {
  findGitDirectoryParts,
  findProtectedParts,
  type PathProtection,
  type ProtectedPart,
  ruleOpens,
} from './protected-paths.js';
import type { ResolvedPath } from './resolve-workspace-path.js';

/** One path of a change, as given and as resolved on disk. */
export type CheckedPath = {
  /** The path as the tool gave it. */
  given: string;
  /** The confined, symlink-resolved path. */
  resolved: ResolvedPath;
};

/**
 * Refuses a path that is protected as given or once symlinks are resolved (a link pointing into `.git` counts),
 * unless an allow rule for `toolName` names it. Returns the error to throw, or undefined when the write may go on.
 */
export async function checkProtectedPath(options: {
  /** The workspace root as given (it may differ from `realRoot` through a symlink). */
  root: string;
  realRoot: string;
  path: CheckedPath;
  toolName: string;
  protection: PathProtection;
}): Promise<WrightError | undefined> {
  const { realRoot, path, toolName, protection } = options;
  const given = lexicalRelative(options.root, path.given) ?? lexicalRelative(realRoot, path.given);
  const forms = new Set([given, path.resolved.relative]);
  for (const form of forms) {
    if (form === undefined) continue;
    const parts = findProtectedParts(form, protection.patterns);
    if (form === path.resolved.relative) {
      parts.push(...(await findGitDirectoryParts(realRoot, path.resolved.absolute)));
    }
    const closed = parts.find(
      (part) => !protection.allow.some((rule) => ruleOpens(rule, toolName, form, part)),
    );
    if (closed) return refusal(path.given, form, closed, toolName);
  }
  return undefined;
}

function refusal(given: string, form: string, part: ProtectedPart, toolName: string): WrightError {
  const shown = form === given ? given : `${given} (that is ${form})`;
  const example = `${toolName}(${form})`;
  return wrightError(
    'workspace',
    `Refused to change ${shown}: ${part.prefix} is a protected path (${part.reason}). Wright's file tools never ` +
      'create, change, delete or rename .git, .wright or the "protectedPaths" globs (default .env*), in any ' +
      'approval mode. Leave it as it is and carry on with the rest of the task; if the change is needed, say so ' +
      `in your answer. The user can allow it with an allow rule naming the path in "approval.allow" of their ` +
      `Wright config, e.g. "approval": { "allow": ["${example}"] }.`,
  );
}

// The path as given, relative to the root without resolving symlinks (a `.git` that is itself a symlink).
function lexicalRelative(root: string, given: string): string | undefined {
  const relative = nodePath.isAbsolute(given)
    ? nodePath.relative(nodePath.resolve(root), nodePath.resolve(given))
    : nodePath.posix.normalize(given.split(nodePath.sep).join('/'));
  if (relative === '' || relative === '.' || relative.startsWith('..') || nodePath.isAbsolute(relative)) {
    return undefined;
  }
  return relative
    .split(nodePath.sep)
    .join('/')
    .replace(/^(\.\/)+/, '');
}
