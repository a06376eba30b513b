import type { ShellCommand, ShellRedirect } from './analyse-command.js';
import { commandName } from './normalise-command.js';
import type { ShellWord } from './shell-words.js';

/** A rule's command pattern, split into words: `git status*`, `npm test -- --watch`, `make > build.log`. */
export type CommandPattern = {
  /** The pattern as written. */
  source: string;
  /** True for the pattern `*` alone: any command line, redirections included. */
  any: boolean;
  /** The words; `*` in a word matches any characters. */
  words: string[];
  /** True when the last word ends in an unquoted `*`: further words are allowed (`git status*` → `git status -s`). */
  open: boolean;
  /** Redirections the rule allows (`> build.log`); operator and target glob. */
  redirects: { operator: string; target: string }[];
};

/** A unit of work counter, so tests can prove matching is linear without timing it. */
export type StepCounter = { steps: number };

const redirectToken = /^(\d*|&)(>>|>\||>&|>|<&|<)(.*)$/s;

/**
 * Splits a rule pattern into words like the shell would (quotes, backslashes), and redirections such as `> x` or
 * `2>>log`. Patterns are written by the user, not the model; a malformed one throws with the reason.
 */
export function parseCommandPattern(source: string): CommandPattern {
  const trimmed = source.trim();
  const tokens = tokenize(trimmed);
  const words: string[] = [];
  const redirects: CommandPattern['redirects'] = [];
  let open = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const redirect = token.quoted ? null : redirectToken.exec(token.text);
    if (redirect) {
      const operator = `${redirect[1] === '1' ? '' : redirect[1]}${redirect[2]}`;
      const target = redirect[3] !== '' ? redirect[3]! : tokens[++index]?.text;
      if (target === undefined) throw new Error(`the redirection ${token.text} has no target`);
      redirects.push({ operator, target });
      continue;
    }
    words.push(token.text);
    open = token.text.endsWith('*');
  }
  if (words.length === 0) throw new Error('it names no command');
  return { source: trimmed, any: trimmed === '*', words, open, redirects };
}

type Token = { text: string; quoted: boolean };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let current: Token | null = null;
  let quote: "'" | '"' | null = null;
  for (let index = 0; index < source.length; index++) {
    const character = source[index]!;
    if (quote === null && /\s/.test(character)) {
      if (current) tokens.push(current);
      current = null;
      continue;
    }
    current ??= { text: '', quoted: false };
    if (quote !== null) {
      if (character === quote) quote = null;
      else if (character === '\\' && quote === '"' && /["\\$`]/.test(source[index + 1] ?? '')) {
        current.text += source[++index];
      } else current.text += character;
      continue;
    }
    if (character === "'" || character === '"') {
      quote = character;
      current.quoted = true;
      continue;
    }
    if (character === '\\') {
      current.text += source[++index] ?? '';
      continue;
    }
    current.text += character;
  }
  if (quote !== null) throw new Error('it has an unclosed quote');
  if (current) tokens.push(current);
  return tokens;
}

/**
 * Whether an allow pattern covers one command: the same words in the same places (a `*` matches within a word;
 * an open pattern allows any further words), no `NAME=value` prefix, and each risky redirection allowed by the
 * pattern. A word known only at run time (`$X`, `$(…)`) or a glob is covered only by the open tail.
 */
export function allowCovers(pattern: CommandPattern, command: ShellCommand, counter: StepCounter): boolean {
  if (pattern.any) return true;
  if (command.assignments > 0) return false;
  const { words } = pattern;
  const last = words.length - 1;
  if (command.words.length < words.length) {
    // `git status*` covers `git status`, and `ls *` covers `ls`: an open pattern's last word may be empty.
    if (!(pattern.open && command.words.length === last && words[last] === '*')) return false;
  }
  if (!pattern.open && command.words.length !== words.length) return false;
  for (let index = 0; index < Math.min(words.length, command.words.length); index++) {
    const word = command.words[index]!;
    if (index === last && pattern.open && words[last] === '*') break;
    if (word.dynamic || word.glob) return false;
    if (!globMatch(words[index]!, word.text, counter)) return false;
  }
  return command.redirects.every((redirect) => redirectAllowed(pattern, redirect, counter));
}

/** Whether a pattern allows a (risky) redirection. */
export function redirectAllowed(
  pattern: CommandPattern,
  redirect: ShellRedirect,
  counter: StepCounter,
): boolean {
  if (pattern.any) return true;
  const target = redirect.target;
  if (target === undefined || target.dynamic || target.glob) return false;
  return pattern.redirects.some(
    (allowed) => allowed.operator === redirect.operator && globMatch(allowed.target, target.text, counter),
  );
}

/** How a deny pattern meets a command: it matches, it may match (words only known at run time), or not. */
export type DenyMatch = 'match' | 'maybe' | 'none';

/**
 * Whether a deny pattern matches an effective command (wrappers already removed): the same command name (paths
 * reduced to names), every flag of the pattern somewhere in the command (`-rf` = `-fr` = `-r -f` = `--recursive
 * --force` for rm), and the pattern's other words in order among the command's, with anything in between.
 */
export function denyMatches(pattern: CommandPattern, command: ShellWord[], counter: StepCounter): DenyMatch {
  if (pattern.any) return 'match';
  const [name, ...args] = command;
  if (!name) return 'none';
  const patternName = commandName(pattern.words[0]!);
  if (name.dynamic) return 'maybe';
  if (!globMatch(patternName, name.text, counter)) return 'none';
  const base = commandName(name.text);
  const wanted = splitArguments(base, denyWords(pattern), counter);
  const have = splitArguments(base, args, counter);
  let uncertain = false;
  for (const flag of wanted.flags) {
    if (have.flags.has(flag)) continue;
    if (!have.unknownFlags) return 'none';
    uncertain = true;
  }
  // Ordered subsequence; a dynamic word may stand for any one pattern word.
  let position = 0;
  for (const word of wanted.positionals) {
    let found = false;
    while (position < have.positionals.length) {
      const candidate = have.positionals[position++]!;
      counter.steps += 1;
      if (candidate.dynamic) {
        uncertain = true;
        found = true;
        break;
      }
      if (globMatch(word.text, candidate.text, counter)) {
        found = true;
        break;
      }
    }
    if (!found) return 'none';
  }
  return uncertain ? 'maybe' : 'match';
}

// The pattern's arguments; the open `*` of `rm -rf*` or `git push *` only says "and anything else".
function denyWords(pattern: CommandPattern): ShellWord[] {
  const words = pattern.words.slice(1);
  const last = words.length - 1;
  if (pattern.open && last >= 0) {
    const trimmed = words[last]!.replace(/\*+$/, '');
    if (trimmed === '' || trimmed.startsWith('-')) words[last] = trimmed;
    if (words[last] === '') words.pop();
  }
  return words.map((text) => ({ text, dynamic: false, glob: false }));
}

// Long spellings of short flags, per command, so `rm --recursive --force` meets `rm -rf`.
const flagAliases: Record<string, Record<string, string>> = {
  rm: { '--recursive': '-r', '-R': '-r', '--force': '-f', '--dir': '-d' },
  cp: { '--recursive': '-r', '-R': '-r', '--force': '-f' },
  mv: { '--force': '-f' },
  git: { '--force': '-f' },
  chmod: { '--recursive': '-R' },
  chown: { '--recursive': '-R' },
  chgrp: { '--recursive': '-R' },
};

function splitArguments(base: string, words: readonly ShellWord[], counter: StepCounter) {
  const aliases = flagAliases[base] ?? {};
  const flags = new Set<string>();
  const positionals: ShellWord[] = [];
  let unknownFlags = false;
  let afterDashes = false;
  for (const word of words) {
    counter.steps += 1;
    const text = word.text;
    if (word.dynamic) {
      positionals.push(word);
      // An unquoted expansion may split into flags.
      unknownFlags = true;
      continue;
    }
    if (afterDashes || !text.startsWith('-') || text === '-') {
      positionals.push(word);
      continue;
    }
    if (text === '--') {
      afterDashes = true;
      continue;
    }
    if (text.startsWith('--')) {
      const long = text.split('=')[0]!;
      flags.add(aliases[long] ?? long);
      continue;
    }
    if (/^-[A-Za-z]+$/.test(text)) {
      for (const letter of text.slice(1)) flags.add(aliases[`-${letter}`] ?? `-${letter}`);
      continue;
    }
    flags.add(aliases[text] ?? text);
  }
  return { flags, positionals, unknownFlags };
}

/**
 * Glob match where `*` matches any characters (no other specials), by the two-pointer method: at most
 * O(pattern × text) steps, and O(text) for the usual patterns with one trailing `*`. Every step is counted.
 */
export function globMatch(pattern: string, text: string, counter: StepCounter): boolean {
  let patternIndex = 0;
  let textIndex = 0;
  let starIndex = -1;
  let resumeIndex = 0;
  while (textIndex < text.length) {
    counter.steps += 1;
    if (patternIndex < pattern.length && pattern[patternIndex] === '*') {
      starIndex = patternIndex++;
      resumeIndex = textIndex;
    } else if (patternIndex < pattern.length && pattern[patternIndex] === text[textIndex]) {
      patternIndex++;
      textIndex++;
    } else if (starIndex !== -1) {
      patternIndex = starIndex + 1;
      textIndex = ++resumeIndex;
    } else return false;
  }
  while (patternIndex < pattern.length && pattern[patternIndex] === '*') patternIndex++;
  return patternIndex === pattern.length;
}
