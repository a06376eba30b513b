import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { wrightError } from '@wright/core';
import { createGlobFilter } from './grep-glob.js';
import { collectLimit, type GrepMatch } from './grep-types.js';
import { listFiles } from './list-files.js';

type Search = {
  root: string;
  /** Relative path to search ('.' for the root). */
  target: string;
  matcher: RegExp;
  glob?: string;
  signal?: AbortSignal;
};

const parallelReads = 8;

/** Searches with fast-glob (gitignore-pruned walk) and streamed line reading; mirrors rg's output. */
export async function searchWithJavaScript(
  search: Search,
): Promise<{ matches: GrepMatch[]; complete: boolean }> {
  const files = await filesToSearch(search);
  const matchesGlob = createGlobFilter(search.glob);
  const queue = files.filter(matchesGlob);
  const matches: GrepMatch[] = [];
  let complete = true;
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (search.signal?.aborted) throw wrightError('aborted', 'The search was aborted.');
      if (!complete) return;
      const found = await searchFile(search.root, file, search.matcher);
      matches.push(...found);
      if (matches.length >= collectLimit) complete = false;
    }
  };
  await Promise.all(Array.from({ length: parallelReads }, worker));
  return { matches, complete };
}

async function filesToSearch(search: Search): Promise<string[]> {
  if (search.target === '.') return listFiles(search.root);
  const info = await stat(`${search.root}/${search.target}`);
  // Like rg, a file named explicitly is searched even when .gitignore ignores it.
  if (info.isFile()) return [search.target];
  const fastGlob = (await import('fast-glob')).default;
  return listFiles(search.root, { patterns: [`${fastGlob.escapePath(search.target)}/**/*`] });
}

async function searchFile(root: string, file: string, matcher: RegExp): Promise<GrepMatch[]> {
  const found: GrepMatch[] = [];
  const stream = createReadStream(`${root}/${file}`, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      // rg skips binary files; so do we, even if matches were already seen.
      if (line.includes('\0')) return [];
      matcher.lastIndex = 0;
      if (matcher.test(line)) found.push({ path: file, line: lineNumber, text: line });
    }
  } catch {
    return [];
  } finally {
    stream.destroy();
  }
  return found;
}
