import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '../errors.js';

/** A path confined to the workspace. */
export type ResolvedPath = {
  /** Absolute path with every existing symlink resolved. */
  absolute: string;
  /** Path relative to the (real) root, with '/' separators; '.' for the root itself. */
  relative: string;
};

/** Options for `resolveWorkspacePath`. */
export type ResolvePathOptions = {
  /** Accept a path that does not exist yet (for writes). Default false. */
  allowMissing?: boolean;
};

const systemPrefixes = ['/proc', '/dev', '/sys'];
const maximumLinkHops = 40;

/**
 * Resolves `path` inside `root`, refusing anything that would reach outside it: `..` escapes, absolute paths
 * outside the root, symlinks (of the file or any parent) resolving outside, device files, FIFOs and sockets, and
 * `/proc`, `/dev`, `/sys`. Throws a WrightError with code 'workspace' whose message says what and why.
 */
export async function resolveWorkspacePath(
  root: string,
  path: string,
  options: ResolvePathOptions = {},
): Promise<ResolvedPath> {
  if (typeof path !== 'string' || path.trim() === '') throw refuse(String(path), 'the path is empty');
  if (path.includes('\0')) throw refuse(path, 'it contains a NUL byte');
  const realRoot = await realpath(root);
  const lexicalRoot = nodePath.resolve(root);
  let candidate: string;
  if (nodePath.isAbsolute(path)) {
    const normalised = nodePath.resolve(path);
    if (isWithin(realRoot, normalised)) candidate = normalised;
    else if (isWithin(lexicalRoot, normalised)) {
      candidate = nodePath.join(realRoot, nodePath.relative(lexicalRoot, normalised));
    } else if (isSystemPath(normalised)) {
      throw refuse(path, `${firstSegment(normalised)} is a system path, not part of the workspace`);
    } else {
      throw refuse(
        path,
        `it is an absolute path outside the workspace root (${realRoot}); use a path relative to the root`,
      );
    }
  } else {
    candidate = nodePath.resolve(realRoot, path);
    if (!isWithin(realRoot, candidate)) {
      throw refuse(path, 'it climbs out of the workspace root with ".."');
    }
  }
  const absolute = await resolveLinks(realRoot, candidate, path);
  if (isSystemPath(absolute) && !isWithin(realRoot, absolute)) {
    throw refuse(path, 'it resolves to a system path');
  }
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined && !options.allowMissing) {
    throw wrightError('workspace', `${path} does not exist in the workspace.`);
  }
  if (info && !info.isFile() && !info.isDirectory()) {
    throw refuse(path, `it is a ${describeSpecial(info)}, not a regular file`);
  }
  const relative = nodePath.relative(realRoot, absolute).split(nodePath.sep).join('/');
  return { absolute, relative: relative === '' ? '.' : relative };
}

// Follows symlinks of the deepest existing part of `candidate`; a missing tail is kept as is.
async function resolveLinks(realRoot: string, candidate: string, original: string): Promise<string> {
  let current = candidate;
  for (let hop = 0; hop < maximumLinkHops; hop++) {
    const { existing, tail } = await deepestExisting(current);
    let resolved: string;
    try {
      resolved = await realpath(existing);
    } catch {
      // A dangling symlink: follow its target by hand, it must stay inside too.
      const target = await readlink(existing);
      current = nodePath.resolve(nodePath.dirname(existing), target, ...tail);
      if (!isWithin(realRoot, current))
        throw refuse(original, 'it goes through a symlink pointing outside the workspace');
      continue;
    }
    if (!isWithin(realRoot, resolved)) {
      throw refuse(original, `it goes through a symlink pointing outside the workspace (to ${resolved})`);
    }
    return nodePath.join(resolved, ...tail);
  }
  throw refuse(original, 'too many levels of symbolic links');
}

async function deepestExisting(path: string): Promise<{ existing: string; tail: string[] }> {
  const tail: string[] = [];
  let current = path;
  for (;;) {
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (info) return { existing: current, tail };
    const parent = nodePath.dirname(current);
    if (parent === current) return { existing: current, tail };
    tail.unshift(nodePath.basename(current));
    current = parent;
  }
}

function isWithin(root: string, path: string): boolean {
  const relative = nodePath.relative(root, path);
  if (relative === '') return true;
  return !nodePath.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${nodePath.sep}`);
}

function isSystemPath(path: string): boolean {
  return systemPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

function firstSegment(path: string): string {
  return `/${path.split('/')[1] ?? ''}`;
}

function describeSpecial(info: import('node:fs').Stats): string {
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device file';
  if (info.isFIFO()) return 'named pipe (FIFO)';
  if (info.isSocket()) return 'socket';
  return 'special file';
}

function refuse(path: string, why: string) {
  return wrightError('workspace', `Refused path ${JSON.stringify(path)}: ${why}.`, {
    hint: 'Paths must stay inside the workspace root.',
  });
}
