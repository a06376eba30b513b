import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffNoIndex } from './git.mjs';

/** Consecutive published versions of real packages; the corpus is every text file modified between them. */
export const versionPairs = [
  ['semver', '7.6.3', '7.7.0'],
  ['semver', '7.7.0', '7.7.1'],
  ['diff', '5.1.0', '5.2.0'],
  ['commander', '12.0.0', '12.1.0'],
  ['commander', '13.0.0', '13.1.0'],
  ['chalk', '5.3.0', '5.4.0'],
  ['yargs-parser', '21.0.1', '21.1.0'],
  ['minimatch', '9.0.4', '9.0.5'],
];

const maximumFileBytes = 256 * 1024;

/**
 * Builds the corpus: `npm pack` both versions of every pair (tarballs cached in bench/.cache/tarballs), extracts
 * them to a temp dir, runs `git diff --no-index` between the trees and splits the output per file. Returns one case
 * per modified text file: { id, path, old, new, diff } with the diff's paths rewritten to `a/<id>` / `b/<id>`.
 * Added, deleted, binary, CRLF and non-UTF-8 files, and files over 256 KiB, are left out.
 */
export function buildPatchCorpus(cacheDir, log) {
  const tarballs = path.join(cacheDir, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const specs = versionPairs.flatMap(([name, from, to]) => [`${name}@${from}`, `${name}@${to}`]);
  const missing = specs.filter((spec) => !existsSync(tarballPath(tarballs, spec)));
  if (missing.length > 0) {
    log(`npm pack ${missing.length} tarballs into ${tarballs}`);
    const packed = spawnSync('npm', ['pack', '--silent', ...missing], {
      cwd: tarballs,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (packed.status !== 0) throw new Error(`npm pack failed (${packed.status})`);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'wright-bench-corpus-'));
  try {
    const cases = [];
    for (const [name, from, to] of versionPairs) {
      const pairId = `${name}-${from}-${to}`;
      const root = path.join(work, pairId);
      for (const [side, version] of [
        ['old', from],
        ['new', to],
      ]) {
        mkdirSync(path.join(root, side), { recursive: true });
        execFileSync('tar', [
          'xzf',
          tarballPath(tarballs, `${name}@${version}`),
          '-C',
          path.join(root, side),
          '--strip-components=1',
        ]);
      }
      for (const section of splitDiff(diffNoIndex('old', 'new', root))) {
        const file = modifiedPath(section);
        if (file === undefined) continue;
        const oldBytes = readFileSync(path.join(root, 'old', file));
        const newBytes = readFileSync(path.join(root, 'new', file));
        if (!isPlainText(oldBytes) || !isPlainText(newBytes)) continue;
        const id = `${pairId}/${file}`;
        cases.push({
          id,
          path: id,
          old: oldBytes.toString('utf8'),
          new: newBytes.toString('utf8'),
          diff: renamePaths(section, id),
        });
      }
    }
    return cases;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function tarballPath(directory, spec) {
  const [name, version] = spec.split('@');
  return path.join(directory, `${name}-${version}.tgz`);
}

/** Splits a multi-file git diff into its `diff --git` sections. */
export function splitDiff(text) {
  const sections = [];
  for (const line of text.split(/(?<=\n)/)) {
    if (line.startsWith('diff --git ')) sections.push('');
    if (sections.length > 0) sections[sections.length - 1] += line;
  }
  return sections;
}

/** The path of a section that modifies a text file in place; undefined for anything else. */
function modifiedPath(section) {
  if (/^(new|deleted) file mode|^Binary files|^rename from/m.test(section)) return undefined;
  const match = /^\+\+\+ b\/new\/(.+)$/m.exec(section);
  return match && /^@@ /m.test(section) ? match[1] : undefined;
}

function isPlainText(bytes) {
  if (bytes.length > maximumFileBytes || bytes.includes(0) || bytes.includes(13)) return false;
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

/** Rewrites a section's `diff --git`, `---` and `+++` lines to name `a/<target>` and `b/<target>`. */
export function renamePaths(section, target) {
  const lines = section.split(/(?<=\n)/);
  let inHeader = true;
  return lines
    .map((line) => {
      if (!inHeader) return line;
      if (line.startsWith('@@')) inHeader = false;
      else if (line.startsWith('diff --git ')) return `diff --git a/${target} b/${target}\n`;
      else if (line.startsWith('--- ')) return `--- a/${target}\n`;
      else if (line.startsWith('+++ ')) return `+++ b/${target}\n`;
      return line;
    })
    .join('');
}

/** `git diff --no-index` of two contents, as a section for `target`. */
export function diffContents(oldText, newText, target) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'wright-bench-diff-'));
  try {
    writeFileSync(path.join(work, 'old'), oldText);
    writeFileSync(path.join(work, 'new'), newText);
    return renamePaths(diffNoIndex('old', 'new', work), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
