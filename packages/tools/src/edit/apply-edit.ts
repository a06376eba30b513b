import { findClosestLines, numberLines } from './closest-lines.js';
import { findExactMatches, findLineMatches, type TextMatch } from './find-matches.js';
import { indexLines, lineNumberAt } from './line-index.js';
import { normalizePunctuation } from './normalize-punctuation.js';
import { stripLineNumbers, stripLineNumbersWherePresent } from './strip-line-numbers.js';

/** How `old_string` was found: exactly, ignoring indentation and trailing whitespace, or after Unicode folding. */
export type MatchStrategy = 'exact' | 'whitespace' | 'unicode';

/** A search-and-replace on `\n`-text. */
export type EditRequest = {
  /** Text to find; must identify one place unless `replaceAll`. */
  oldString: string;
  /** Text to put there. */
  newString: string;
  /** Replace every occurrence instead of requiring exactly one. */
  replaceAll?: boolean;
};

/** One replaced place, in the original text's line numbers. */
export type EditReplacement = {
  /** 1-based first line of the replaced text. */
  line: number;
  /** Lines the replaced text touched. */
  oldLineCount: number;
  /** Lines the new text spans. */
  newLineCount: number;
};

/** The result of an edit: the new text, or an error message for the model with the places it refers to. */
export type EditOutcome =
  | {
      ok: true;
      text: string;
      strategy: MatchStrategy;
      replacements: EditReplacement[];
      /** True when old_string (and new_string, if it had them too) matched only without read_file's line-number prefixes. */
      strippedLineNumbers?: boolean;
    }
  | {
      ok: false;
      /** `no-match`: nothing found; `ambiguous`: several places; `no-change` / `empty-search`: a useless request. */
      reason: 'no-match' | 'ambiguous' | 'no-change' | 'empty-search';
      /** Written for the model. */
      message: string;
      /** 1-based lines of the candidates (matches when ambiguous, the closest lines when nothing matched). */
      candidateLines: number[];
    };

const strategies: { name: MatchStrategy; find(text: string, request: EditRequest): TextMatch[] }[] = [
  { name: 'exact', find: (text, request) => findExactMatches(text, request.oldString, request.newString) },
  {
    name: 'whitespace',
    find: (text, request) => findLineMatches(text, request.oldString, request.newString),
  },
  {
    name: 'unicode',
    find(text, request) {
      const folded = normalizePunctuation(text);
      const search = normalizePunctuation(request.oldString);
      const exact = findExactMatches(folded, search, request.newString);
      if (exact.length > 0) return exact;
      return findLineMatches(text, request.oldString, request.newString, normalizePunctuation);
    },
  },
];

/**
 * Replaces `oldString` in `text`, trying exact matching first, then whole lines ignoring indentation and trailing
 * whitespace (re-indenting the replacement), then after folding Unicode quotes, dashes and spaces. The first
 * strategy that finds anything decides; several matches are an error unless `replaceAll`.
 */
export function applyEdit(text: string, request: EditRequest): EditOutcome {
  const outcome = applyEditOnce(text, request);
  if (outcome.ok || outcome.reason !== 'no-match') return outcome;
  // Models often paste read_file's `     12\t` prefixes; retry without them only when every line has one.
  const oldString = stripLineNumbers(request.oldString);
  if (oldString === undefined) return outcome;
  // new_string copied from the same output carries them on its old lines, not on the lines the model added.
  const newString = stripLineNumbersWherePresent(request.newString);
  const retried = applyEditOnce(text, { ...request, oldString, newString });
  if (retried.ok) return { ...retried, strippedLineNumbers: true };
  return retried.reason === 'no-match' ? outcome : retried;
}

function applyEditOnce(text: string, request: EditRequest): EditOutcome {
  if (request.oldString === request.newString) {
    return failure('no-change', 'old_string and new_string are identical; there is nothing to change.', []);
  }
  if (request.oldString === '') {
    if (text === '') return { ok: true, text: request.newString, strategy: 'exact', replacements: [] };
    return failure(
      'empty-search',
      'old_string is empty, but the file is not. Give the exact text to replace, or use write_file to rewrite the whole file.',
      [],
    );
  }
  const index = indexLines(text);
  for (const strategy of strategies) {
    const matches = strategy.find(text, request);
    if (matches.length === 0) continue;
    if (matches.length > 1 && !request.replaceAll) return ambiguous(index, matches);
    const replacements = matches.map((match) => describeReplacement(index, text, match));
    let result = text;
    for (const match of [...matches].reverse()) {
      result = result.slice(0, match.start) + match.replacement + result.slice(match.end);
    }
    return { ok: true, text: result, strategy: strategy.name, replacements };
  }
  return noMatch(index.lines, request.oldString);
}

function describeReplacement(
  index: ReturnType<typeof indexLines>,
  text: string,
  match: TextMatch,
): EditReplacement {
  const replaced = text.slice(match.start, match.end);
  return {
    line: lineNumberAt(index, match.start),
    oldLineCount: countLines(replaced),
    newLineCount: countLines(match.replacement),
  };
}

function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

function ambiguous(index: ReturnType<typeof indexLines>, matches: TextMatch[]): EditOutcome {
  const lines = matches.map((match) => lineNumberAt(index, match.start));
  const shown = lines.slice(0, 10).map((line) => numberLines(line, [index.lines[line - 1] ?? '']));
  const more = lines.length > 10 ? `\n… and ${lines.length - 10} more` : '';
  return failure(
    'ambiguous',
    `old_string matches ${matches.length} places (lines ${lines.join(', ')}):\n${shown.join('\n')}${more}\n` +
      'Include more surrounding lines in old_string so it matches exactly one place, or set replace_all to true to change all of them.',
    lines,
  );
}

function noMatch(fileLines: string[], oldString: string): EditOutcome {
  const searchLines = oldString.replace(/\n$/, '').split('\n');
  const closest = findClosestLines(fileLines, searchLines, 1)[0];
  const shown = closest
    ? `The closest lines in the file are:\n${numberLines(closest.line, closest.lines)}\n`
    : 'The file has no similar lines.\n';
  return failure(
    'no-match',
    `old_string was not found in the file (not even ignoring indentation, trailing whitespace and typographic quotes). ${shown}` +
      'Read the file again and copy old_string exactly from it.',
    closest ? [closest.line] : [],
  );
}

function failure(
  reason: 'no-match' | 'ambiguous' | 'no-change' | 'empty-search',
  message: string,
  candidateLines: number[],
): EditOutcome {
  return { ok: false, reason, message, candidateLines };
}
