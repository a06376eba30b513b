import { wrightError } from '@wright/core';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import { defaultGrepLimit, type GrepOptions, type GrepResult } from './grep-types.js';
import { searchWithJavaScript } from './javascript-search.js';
import { createMatchCollector } from './match-collector.js';
import { hasRipgrep, searchWithRipgrep } from './ripgrep-search.js';

/**
 * Searches file contents under `root`, respecting `.gitignore` (nested too) and skipping `.git/`, binary files and
 * symlinks. Uses system `rg` when present (engine 'auto'), else a JavaScript fallback; both return the same matches,
 * sorted by path then line.
 */
export async function searchFiles(root: string, options: GrepOptions): Promise<GrepResult> {
  const matcher = compilePattern(options);
  const target = (await resolveWorkspacePath(root, options.path ?? '.')).relative;
  const engine = await chooseEngine(options.engine ?? 'auto');
  const base = {
    root,
    target,
    ...(options.glob ? { glob: options.glob } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const collector = createMatchCollector(options.maxResults ?? defaultGrepLimit);
  const complete =
    engine === 'rg'
      ? await searchWithRipgrep(
          {
            ...base,
            pattern: options.pattern,
            caseInsensitive: options.caseInsensitive ?? false,
            literal: options.literal ?? false,
          },
          collector,
        )
      : await searchWithJavaScript(
          {
            ...base,
            matcher,
            ...(options.literal && !options.caseInsensitive ? { needle: Buffer.from(options.pattern) } : {}),
          },
          collector,
        );
  const matches = collector.sorted();
  return {
    matches,
    totalMatches: collector.total,
    truncated: collector.total > matches.length || !complete,
    complete,
    engine,
  };
}

async function chooseEngine(engine: 'auto' | 'rg' | 'js'): Promise<'rg' | 'js'> {
  if (engine === 'js') return 'js';
  const available = await hasRipgrep();
  if (engine === 'rg' && !available) throw wrightError('tool', 'rg (ripgrep) is not installed.');
  return available ? 'rg' : 'js';
}

/**
 * Compiles the pattern as a JavaScript RegExp (Unicode mode when it allows). Checking it first gives the same
 * clear error whichever engine runs.
 */
export function compilePattern(
  options: Pick<GrepOptions, 'pattern' | 'caseInsensitive' | 'literal'>,
): RegExp {
  const source = options.literal ? options.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : options.pattern;
  const flags = options.caseInsensitive ? 'i' : '';
  try {
    return new RegExp(source, `${flags}u`);
  } catch {
    try {
      return new RegExp(source, flags);
    } catch (error) {
      throw wrightError(
        'tool',
        `Invalid regular expression ${JSON.stringify(options.pattern)}: ${(error as Error).message}.`,
        {
          hint:
            'Escape special characters such as ( ) [ ] { } . * + ? | with a backslash, or set literal: true to search ' +
            'for plain text. Syntax is Rust regex (rg) or JavaScript: no lookaround or backreferences.',
        },
      );
    }
  }
}
