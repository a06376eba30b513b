import { lstat } from 'node:fs/promises';
import nodePath from 'node:path';
import picomatch from 'picomatch';

/**
 * Protected paths: places where a file written now runs code or leaks secrets later, out of sight of the user's
 * `git diff` review. The file tools never create, change, delete or rename them unless an allow rule names them.
 */

/** An allow rule as far as protected paths care: a tool pattern and a path glob. */
export type PathAllowRule = {
  /** Tool name pattern; `*` matches any run of characters (`write_file`, `*`). */
  tool: string;
  /** Path glob (picomatch, relative to the workspace root), e.g. `.git/hooks/pre-commit`. */
  path: string;
};

/** Which paths are protected besides `.git` and `.wright`, and which allow rules may open one. */
export type PathProtection = {
  /**
   * Globs, matched case-insensitively. One without `/` matches a file or directory name at any depth (`.env*`);
   * one with `/` matches a path from the workspace root (`config/secrets`). Everything inside a matching directory
   * is protected too. Default `defaultProtectedPaths`.
   */
  patterns: string[];
  /**
   * Allow rules. A rule opens a protected path only when its glob matches the path and spells out every protected
   * name in it as a literal segment: `write_file(.git/hooks/pre-commit)` or `*(.wright/**)` do, `write_file(**)`
   * and `write_file(.*)` never do.
   */
  allow: PathAllowRule[];
};

/** Names protected at any depth, in every configuration: git's data (nested repositories and submodules too) and Wright's. */
export const alwaysProtectedNames = ['.git', '.wright'] as const;

/** The default configurable list: environment files (`.env`, `.env.local`, direnv's `.envrc`). */
export const defaultProtectedPaths: readonly string[] = ['.env*'];

/** Protection with the default list and no allow rules: what every workspace gets unless told otherwise. */
export const defaultPathProtection: PathProtection = { patterns: [...defaultProtectedPaths], allow: [] };

/** One reason a path is protected. */
export type ProtectedPart = {
  /** The protected segment as written in the path, e.g. `.git` or `.env.local`. */
  name: string;
  /** The path from the workspace root up to and including that segment. */
  prefix: string;
  /** Why it is protected, in words for the model and the user. */
  reason: string;
};

const reasons: Record<(typeof alwaysProtectedNames)[number], string> = {
  '.git': "it is git's own data: config and hooks there run commands at the next git call",
  '.wright': "it is Wright's project configuration: it decides what Wright may run",
};

// Code points HFS+ ignores in names (git refuses `.g\u200cit` for the same reason).
const ignorable = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * Folds a path segment the way case-insensitive and Windows file systems compare names: lower case, without
 * ignorable code points and trailing dots or spaces; the NTFS short name `git~1` is `.git`.
 */
export function foldSegment(segment: string): string {
  const folded = segment
    .replace(ignorable, '')
    .replace(/[. ]+$/, '')
    .toLowerCase();
  return folded === 'git~1' ? '.git' : folded;
}

/** The parts of a workspace-relative path that make it protected, by name (no disk access). */
export function findProtectedParts(relativePath: string, patterns: readonly string[]): ProtectedPart[] {
  const segments = relativePath.split('/').filter((segment) => segment !== '' && segment !== '.');
  const folded = segments.map(foldSegment);
  const nameMatchers = patterns
    .filter((pattern) => !trimSlashes(pattern).includes('/'))
    .map((pattern) => ({ pattern, test: picomatch(trimSlashes(pattern), { dot: true, nocase: true }) }));
  const pathMatchers = patterns
    .filter((pattern) => trimSlashes(pattern).includes('/'))
    .map((pattern) => ({ pattern, test: picomatch(trimSlashes(pattern), { dot: true, nocase: true }) }));
  const parts: ProtectedPart[] = [];
  for (let index = 0; index < segments.length; index++) {
    const name = segments[index]!;
    const prefix = segments.slice(0, index + 1).join('/');
    const fixed = alwaysProtectedNames.find((protectedName) => protectedName === folded[index]);
    if (fixed) {
      parts.push({ name, prefix, reason: reasons[fixed] });
      continue;
    }
    const byName = nameMatchers.find((matcher) => matcher.test(folded[index]!));
    const foldedPrefix = folded.slice(0, index + 1).join('/');
    const byPath = pathMatchers.find((matcher) => matcher.test(foldedPrefix));
    const pattern = (byName ?? byPath)?.pattern;
    if (pattern !== undefined) {
      parts.push({ name, prefix, reason: `it matches the protected pattern "${pattern}" (protectedPaths)` });
    }
  }
  return parts;
}

/**
 * Directories between the workspace root and `absolute` that git would take for a repository's data (a `HEAD`
 * file beside `objects/` and `refs/`), whatever their name: a `--separate-git-dir`, a bare repository, a
 * submodule's module directory.
 */
export async function findGitDirectoryParts(realRoot: string, absolute: string): Promise<ProtectedPart[]> {
  const relative = nodePath.relative(realRoot, absolute);
  if (relative === '' || relative.startsWith('..') || nodePath.isAbsolute(relative)) return [];
  const segments = relative.split(nodePath.sep);
  const parts: ProtectedPart[] = [];
  for (let index = 0; index < segments.length; index++) {
    const directory = nodePath.join(realRoot, ...segments.slice(0, index + 1));
    if (!(await looksLikeGitDirectory(directory))) continue;
    parts.push({
      name: segments[index]!,
      prefix: segments.slice(0, index + 1).join('/'),
      reason:
        "it is a git repository's data directory: config and hooks there run commands at the next git call",
    });
  }
  return parts;
}

/** Whether an allow rule opens `part` of `path` for `toolName` (see `PathProtection.allow`). */
export function ruleOpens(rule: PathAllowRule, toolName: string, path: string, part: ProtectedPart): boolean {
  if (!wildcard(rule.tool).test(toolName)) return false;
  const glob = trimLeadingDotSlash(rule.path.trim());
  if (!picomatch(glob, { dot: true })(path)) return false;
  return glob.split('/').some((segment) => segment === part.name && !hasGlobSyntax(segment));
}

async function looksLikeGitDirectory(directory: string): Promise<boolean> {
  const [head, objects, refs] = await Promise.all(
    ['HEAD', 'objects', 'refs'].map((entry) => lstat(nodePath.join(directory, entry)).catch(() => undefined)),
  );
  return head?.isFile() === true && objects?.isDirectory() === true && refs?.isDirectory() === true;
}

function hasGlobSyntax(segment: string): boolean {
  return /[*?[\]{}()!+@\\]/.test(segment);
}

function trimSlashes(pattern: string): string {
  return trimLeadingDotSlash(pattern.trim()).replace(/^\/+/, '').replace(/\/+$/, '');
}

function trimLeadingDotSlash(text: string): string {
  return text.replace(/^(\.\/)+/, '');
}

function wildcard(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's');
}
