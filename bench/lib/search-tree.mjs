import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Pinned so every run searches the same tree; about 54k files, 500 MB. */
export const searchTreePackages = [
  'typescript@7.0.2',
  '@types/node@26.6.6',
  'aws-sdk@2.1693.0',
  'lodash@4.18.1',
  'rxjs@7.8.2',
  '@babel/core@7.29.13',
  'webpack@5.112.2',
  'eslint@10.15.0',
  'date-fns@4.4.0',
  'antd@6.6.8',
  '@mui/material@9.5.0',
  'lucide-react@1.77.0',
  'core-js@3.51.0',
  'three@0.187.0',
];

/**
 * The search tree: `node_modules` of a real install, cached in bench/.cache/search-tree. The directory is made a git
 * repository of its own (nothing committed) so that no .gitignore above it applies: both rg and Wright's JS engine
 * then see every file. Symlinks (.bin) and npm's bookkeeping are removed.
 */
export function ensureSearchTree(cacheDir, log) {
  const root = path.join(cacheDir, 'search-tree');
  const marker = path.join(root, '.git', 'bench-complete');
  const wanted = searchTreePackages.join('\n');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return root;
  log(`installing the search tree (${searchTreePackages.length} packages) into ${root}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'package.json'), '{"name":"search-tree","private":true}\n');
  const npmArgs = [
    'install',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--no-package-lock',
    '--loglevel=error',
  ];
  const install = spawnSync('npm', [...npmArgs, ...searchTreePackages], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`npm install for the search tree failed (${install.status})`);
  for (const leftover of ['package.json', 'node_modules/.bin', 'node_modules/.package-lock.json']) {
    rmSync(path.join(root, leftover), { recursive: true, force: true });
  }
  execFileSync('git', ['init', '-q', root]);
  writeFileSync(marker, wanted);
  return root;
}

/** Number of regular files under the tree, skipping `.git`. */
export function countFiles(root) {
  const output = execFileSync(
    'find',
    [root, '-path', path.join(root, '.git'), '-prune', '-o', '-type', 'f', '-print'],
    {
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return output.toString().split('\n').filter(Boolean).length;
}
