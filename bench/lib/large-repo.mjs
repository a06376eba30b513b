import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { git } from './git.mjs';
import { ensureSearchTree, searchTreePackages } from './search-tree.mjs';

/** Files the scripted session edits, one per step (all tracked in the large repository). */
export const editedFiles = [
  'node_modules/lodash/chunk.js',
  'node_modules/lodash/compact.js',
  'node_modules/lodash/debounce.js',
  'node_modules/lodash/throttle.js',
  'node_modules/lodash/uniq.js',
  'node_modules/rxjs/package.json',
  'node_modules/date-fns/package.json',
  'node_modules/three/package.json',
  'node_modules/webpack/package.json',
  'node_modules/eslint/package.json',
];

/**
 * The large repository: the search suite's real-content tree (a real install of pinned npm packages) committed into
 * a git repository of its own, cached in bench/.cache/large-repo. Files are hard links to the search tree's (Wright
 * writes through a temp file and a rename, and the bench resets with git, which also replaces files rather than
 * writing into them), so the cache costs no second copy of the content. Returns its root and size.
 */
export function ensureLargeRepo(cacheDir, log) {
  const tree = ensureSearchTree(cacheDir, log);
  const root = path.join(cacheDir, 'large-repo');
  const marker = path.join(root, '.git', 'bench-complete');
  const wanted = searchTreePackages.join('\n');
  if (!(existsSync(marker) && readFileSync(marker, 'utf8') === wanted)) {
    log(`committing the search tree into ${root} (once)`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    execFileSync('cp', ['-al', path.join(tree, 'node_modules'), path.join(root, 'node_modules')]);
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '-A', '-f'],
      ['commit', '-q', '-m', 'large repository'],
    ]) {
      const result = git(args, { cwd: root });
      if (result.status !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr}`);
    }
    writeFileSync(marker, wanted);
  }
  const listed = git(['ls-files', '-z', '-s'], { cwd: root }).stdout.split('\0').filter(Boolean);
  const bytes = Number(
    execFileSync('du', ['-sb', '--exclude=.git', root], { encoding: 'utf8' }).split('\t')[0] ?? 0,
  );
  return { root, files: listed.length, bytes };
}

/** Resets the large repository to its commit (what a session changed goes away; untracked files too). */
export function resetRepository(root) {
  git(['reset', '-q', '--hard'], { cwd: root });
  git(['clean', '-q', '-f', '-d'], { cwd: root });
}
