import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillCommand } from '../../src/chat/custom-slash-command.js';
import { splitCommandArguments } from '../../src/chat/split-command-arguments.js';

const words = (text: string) => {
  const split = splitCommandArguments(text);
  if (!split.ok) throw new Error(split.message);
  return split.words;
};

describe('splitCommandArguments: shell-like words for $1, $2, …', () => {
  it('splits on blanks and groups quoted text', () => {
    expect(words('  src/a.ts   ten ')).toEqual(['src/a.ts', 'ten']);
    expect(words(`"src/my file.ts" 'two words' plain`)).toEqual(['src/my file.ts', 'two words', 'plain']);
    expect(words(`--name="a b" x''y "" ''`)).toEqual(['--name=a b', 'xy', '', '']);
    expect(words(`"say \\"hi\\" \\\\ now" 'it''s' it\\'s a\\ b`)).toEqual([
      'say "hi" \\ now',
      'its',
      "it's",
      'a b',
    ]);
    // Nothing is expanded: $, *, ~ and backslashes inside single quotes stay as typed.
    expect(words(`'$HOME/*.ts' "~" '\\n'`)).toEqual(['$HOME/*.ts', '~', '\\n']);
    expect(words('')).toEqual([]);
  });

  it('refuses an unbalanced quote, saying where and how to fix it', () => {
    expect(splitCommandArguments(`src/a.ts "ten words`)).toEqual({
      ok: false,
      message:
        'unbalanced " quote at character 10 of the arguments; close it, or write \\" for the character itself',
    });
    expect(splitCommandArguments(`it's`).ok).toBe(false);
    expect(splitCommandArguments(`"a \\"`).ok).toBe(false);
  });

  it('gives back any list of words quoted the way a shell would quote them', () => {
    const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
    fc.assert(
      fc.property(fc.array(fc.string()), (list) => {
        expect(words(list.map(quote).join(' '))).toEqual(list);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        splitCommandArguments(text);
      }),
    );
  });
});

describe('a custom command filled from a chat line', () => {
  const command = {
    name: 'review',
    template: 'Review $ARGUMENTS. Start with $1, report in $2 words.',
    location: '.wright/commands/review.md',
    scope: 'project' as const,
  };

  it('$1 and $2 are the quoted words, $ARGUMENTS the arguments exactly as typed', () => {
    expect(fillCommand(command, ` "src/my file.ts" 'twenty five' `)).toEqual({
      prompt: `Review "src/my file.ts" 'twenty five'. Start with src/my file.ts, report in twenty five words.`,
    });
  });

  it('is an error naming the command when a quote is unbalanced', () => {
    expect(fillCommand(command, `"src/a.ts`)).toEqual({
      error:
        '/review: unbalanced " quote at character 1 of the arguments; close it, or write \\" for the character itself',
    });
  });
});
