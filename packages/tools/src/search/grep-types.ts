/** One matching line. */
export type GrepMatch = {
  /** Path relative to the workspace root, '/'-separated. */
  path: string;
  /** 1-based line number. */
  line: number;
  /** The line without its line ending, cut to its first `matchTextLimit` UTF-16 code units. */
  text: string;
};

/** What `searchFiles` takes. */
export type GrepOptions = {
  /** Regular expression (or fixed string with `literal`). */
  pattern: string;
  /** File or directory to search, relative to the root. Default the root. */
  path?: string;
  /** Only search files whose path matches this glob (`*.ts`, `src/**` ...). */
  glob?: string;
  /** Ignore case. */
  caseInsensitive?: boolean;
  /** Treat the pattern as a fixed string. */
  literal?: boolean;
  /** Most matches to return (after sorting by path, then line). Default 100. */
  maxResults?: number;
  /** Which engine: system `rg`, the JavaScript fallback, or rg when present ('auto', the default). */
  engine?: 'auto' | 'rg' | 'js';
  /** Stops the search. */
  signal?: AbortSignal;
};

/** What `searchFiles` returns. */
export type GrepResult = {
  /** The first `maxResults` matches, sorted by path then line. */
  matches: GrepMatch[];
  /** Matches found in all (at most `collectLimit`, see `complete`). */
  totalMatches: number;
  /** True when more matches exist than were returned. */
  truncated: boolean;
  /** False when the search stopped early at the collection ceiling, so `totalMatches` is a lower bound. */
  complete: boolean;
  /** The engine that ran. */
  engine: 'rg' | 'js';
};

/** Matches collected before a search stops (protects memory on patterns like `.`). */
export const collectLimit = 20_000;
/**
 * UTF-16 code units of a line kept in `GrepMatch.text` (the tool shows 300). rg is asked for at most 4× as many
 * bytes, which always holds more than this many code units, so both engines keep the same prefix.
 */
export const matchTextLimit = 500;
/** Default `maxResults`. */
export const defaultGrepLimit = 100;
