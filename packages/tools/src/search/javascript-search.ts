import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { wrightError } from '@wright/core';
import { decodeSearchedFile } from './decode-searched-file.js';
import { forEachMatchingLine } from './for-each-matching-line.js';
import { createGlobFilter } from './grep-glob.js';
import { listFiles } from './list-files.js';
import type { MatchCollector } from './match-collector.js';

type Search = {
  root: string;
  /** Relative path to search ('.' for the root). */
  target: string;
  matcher: RegExp;
  /** UTF-8 bytes every match contains (a case-sensitive literal pattern), to skip files without decoding them. */
  needle?: Buffer;
  glob?: string;
  signal?: AbortSignal;
};

// Reading synchronously is about 5× faster than fs/promises on trees of many small files; the loop still yields
// this often so the process stays responsive.
const yieldEveryMs = 20;

/**
 * Searches with fast-glob (gitignore-pruned walk) and whole-file reads; mirrors rg's output. Resolves false when it
 * stopped at the collector's limit.
 */
export async function searchWithJavaScript(search: Search, collector: MatchCollector): Promise<boolean> {
  const files = await filesToSearch(search);
  const matchesGlob = createGlobFilter(search.glob);
  let yielded = performance.now();
  for (const file of files) {
    if (collector.full) break;
    if (performance.now() - yielded > yieldEveryMs) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
    }
    if (search.signal?.aborted) throw wrightError('aborted', 'The search was aborted.');
    if (!matchesGlob(file)) continue;
    const text = readSearchable(`${search.root}/${file}`, search.needle);
    if (text === undefined) continue;
    forEachMatchingLine(text, search.matcher, (line, content) => {
      if (collector.wants(file, line)) collector.add(file, line, content);
      else collector.count();
      return !collector.full;
    });
  }
  return !collector.full;
}

/**
 * The file's text, or undefined when it is binary or unreadable (rg skips both) or lacks `needle` (bytes every
 * match contains), which saves decoding it.
 */
function readSearchable(file: string, needle: Buffer | undefined): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (needle !== undefined && !bytes.includes(needle) && !hasUtf16Mark(bytes)) return undefined;
  return decodeSearchedFile(bytes);
}

function hasUtf16Mark(bytes: Buffer): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

async function filesToSearch(search: Search): Promise<string[]> {
  if (search.target === '.') return listFiles(search.root);
  const info = await stat(`${search.root}/${search.target}`);
  // Like rg, a file named explicitly is searched even when .gitignore ignores it.
  if (info.isFile()) return [search.target];
  const fastGlob = (await import('fast-glob')).default;
  return listFiles(search.root, { patterns: [`${fastGlob.escapePath(search.target)}/**/*`] });
}
