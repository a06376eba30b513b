import { wrightError } from '@wright/core';
import { execa } from 'execa';
import { createGlobFilter, isNameGlob } from './grep-glob.js';
import { collectLimit, type GrepMatch } from './grep-types.js';

let detected: Promise<boolean> | undefined;

/** True when a working `rg` is on PATH; checked once per process. */
export function hasRipgrep(): Promise<boolean> {
  detected ??= execa('rg', ['--version'], { stdin: 'ignore', reject: false, timeout: 5000 }).then(
    (result) => result.exitCode === 0,
    () => false,
  );
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

/**
 * Runs `rg --json` with ignore handling that mirrors the JavaScript engine: .gitignore only (nested too, no git
 * repository required), hidden files searched, `.git/` skipped. Unlike the JavaScript engine, rg also honours
 * .gitignore files in directories above the workspace root.
 */
export async function searchWithRipgrep(
  search: Search,
): Promise<{ matches: GrepMatch[]; complete: boolean }> {
  const args = [
    '--json',
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
  // --glob would override .gitignore in rg; a file type only narrows. Results are filtered by the glob below.
  if (isNameGlob(search.glob)) args.push('--type-add', `wrightglob:${search.glob}`, '--type', 'wrightglob');
  args.push('--regexp', search.pattern, '--', search.target);

  const matchesGlob = createGlobFilter(search.glob);
  const matches: GrepMatch[] = [];
  let complete = true;
  const child = execa('rg', args, {
    cwd: search.root,
    stdin: 'ignore',
    reject: false,
    lines: true,
    buffer: false,
    ...(search.signal ? { cancelSignal: search.signal } : {}),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  for await (const line of child.iterable({ from: 'stdout' })) {
    const match = parseMatch(String(line), search.target);
    if (!match || !matchesGlob(match.path)) continue;
    matches.push(match);
    if (matches.length >= collectLimit) {
      complete = false;
      child.kill();
      break;
    }
  }
  const result = await child;
  if (complete && result.exitCode === 2 && matches.length === 0) {
    const message = stderr.trim() || 'rg failed';
    throw wrightError('tool', `rg could not search: ${message}`, {
      hint: 'rg uses Rust regex syntax: no lookaround or backreferences. Set literal: true to search for plain text.',
    });
  }
  if (result.isCanceled) throw wrightError('aborted', 'The search was aborted.');
  return { matches, complete };
}

function parseMatch(line: string, target: string): GrepMatch | undefined {
  if (!line.startsWith('{"type":"match"')) return undefined;
  const event = JSON.parse(line) as {
    data: {
      path: { text?: string; bytes?: string };
      lines: { text?: string; bytes?: string };
      line_number: number;
    };
  };
  const path = textOf(event.data.path);
  const text = textOf(event.data.lines).replace(/\r?\n$/, '');
  const relative = target === '.' ? path.replace(/^\.\//, '') : path;
  return { path: relative, line: event.data.line_number, text };
}

function textOf(value: { text?: string; bytes?: string }): string {
  if (value.text !== undefined) return value.text;
  return Buffer.from(value.bytes ?? '', 'base64').toString('utf8');
}
