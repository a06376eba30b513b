import picomatch from 'picomatch';

/**
 * The grep `glob` filter: a glob without '/' matches the file name at any depth (like rg), one with '/' matches the
 * path from the workspace root; a leading '!' negates. Unlike rg's --glob it never re-includes ignored files.
 */
export function createGlobFilter(glob: string | undefined): (path: string) => boolean {
  if (!glob) return () => true;
  const negated = glob.startsWith('!');
  const pattern = negated ? glob.slice(1) : glob;
  const matches = picomatch(pattern, { dot: true, basename: !pattern.includes('/') });
  return (path) => matches(path) !== negated;
}

/** True when rg's type filter can pre-select files for this glob (a positive name-only glob). */
export function isNameGlob(glob: string | undefined): glob is string {
  return glob !== undefined && !glob.startsWith('!') && !glob.includes('/') && !glob.includes(',');
}
