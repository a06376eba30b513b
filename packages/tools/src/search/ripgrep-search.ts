import { execFile, spawn } from 'node:child_process';
import { childEnvironment, wrightError } from '@wright/core';
import { createGlobFilter, isNameGlob } from './grep-glob.js';
import { matchTextLimit } from './grep-types.js';
import type { MatchCollector } from './match-collector.js';
import { createRipgrepOutputReader } from './ripgrep-output.js';

let detected: Promise<boolean> | undefined;

/** True when a working `rg` is on PATH; checked once per process. */
export function hasRipgrep(): Promise<boolean> {
  detected ??= new Promise((resolve) => {
    const child = execFile('rg', ['--version'], { timeout: 5000 }, (error) => resolve(error === null));
    child.stdin?.end();
  });
  return detected;
}

type Search = {
  root: string;
  /** Relative path to search ('.' for the root). */
  target: string;
  pattern: string;
  glob?: string;
  caseInsensitive: boolean;
  literal: boolean;
  signal?: AbortSignal;
};

/** The exact `rg` arguments Wright's rg engine passes for a search (exported so the bench times rg with them). */
export function ripgrepArguments(
  search: Pick<Search, 'target' | 'pattern' | 'glob' | 'caseInsensitive' | 'literal'>,
): string[] {
  const args = [
    '--no-config',
    '--no-heading',
    '--with-filename',
    '--line-number',
    '--null',
    // A line ends before "\r\n" (so `$` matches there and `.` or `\s` never match the "\r"), as in the JS engine.
    '--crlf',
    '--color',
    'never',
    // rg previews this many characters of a longer line, more than `matchTextLimit` code units in every encoding.
    '--max-columns',
    String(4 * matchTextLimit),
    '--max-columns-preview',
    '--hidden',
    '--no-require-git',
    '--no-ignore-dot',
    '--no-ignore-global',
    '--no-ignore-exclude',
    '--no-messages',
    '--glob',
    '!.git',
  ];
  if (search.caseInsensitive) args.push('--ignore-case');
  if (search.literal) args.push('--fixed-strings');
  // --glob would override .gitignore in rg; a file type only narrows. searchWithRipgrep filters results by the glob itself.
  if (isNameGlob(search.glob)) args.push('--type-add', `wrightglob:${search.glob}`, '--type', 'wrightglob');
  args.push('--regexp', search.pattern, '--', search.target);
  return args;
}

/**
 * Runs `rg` with ignore handling that mirrors the JavaScript engine: .gitignore only (nested too, no git repository
 * required), hidden files searched, `.git/` skipped. Unlike the JavaScript engine, rg also honours .gitignore files in
 * directories above the workspace root. Reads rg's plain output (not `--json`) with long lines cut by rg itself:
 * on trees with minified bundles, decoding JSON was most of the time. Resolves false when it stopped at the
 * collector's limit.
 */
export function searchWithRipgrep(search: Search, collector: MatchCollector): Promise<boolean> {
  const args = ripgrepArguments(search);
  if (search.signal?.aborted) return Promise.reject(wrightError('aborted', 'The search was aborted.'));
  const reader = createRipgrepOutputReader(search.target, collector, createGlobFilter(search.glob));
  return new Promise((resolve, reject) => {
    const child = spawn('rg', args, {
      cwd: search.root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnvironment().env,
    });
    let complete = true;
    let aborted = false;
    let stderr = '';
    const abort = () => {
      aborted = true;
      child.kill();
    };
    search.signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!complete || reader.push(chunk)) return;
      complete = false;
      child.kill();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 10_000) stderr += chunk.toString();
    });
    child.on('error', (error) => {
      search.signal?.removeEventListener('abort', abort);
      reject(wrightError('tool', `rg could not run: ${error.message}`));
    });
    child.on('close', (code) => {
      search.signal?.removeEventListener('abort', abort);
      if (aborted) return reject(wrightError('aborted', 'The search was aborted.'));
      if (complete && code === 2 && collector.total === 0) {
        const message = stderr.trim() || 'rg failed';
        return reject(
          wrightError('tool', `rg could not search: ${message}`, {
            hint: 'rg uses Rust regex syntax: no lookaround or backreferences. Set literal: true to search for plain text.',
          }),
        );
      }
      resolve(complete);
    });
  });
}
