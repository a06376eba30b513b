/** The words of a slash command's arguments, or why the text cannot be split. */
export type SplitArguments = { ok: true; words: string[] } | { ok: false; message: string };

/**
 * Splits the arguments of `/name args` into words the way a POSIX shell does, without expanding anything: blanks
 * separate words; `'…'` keeps everything inside as it is; `"…"` too, except that `\"` and `\\` stand for `"` and
 * `\`; outside quotes a backslash keeps the next character as it is; quoted and plain parts next to each other
 * make one word (`--name="a b"`), and `""` is an empty word. An unclosed quote is an error.
 */
export function splitCommandArguments(text: string): SplitArguments {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      index += 1;
      continue;
    }
    inWord = true;
    if (char === "'" || char === '"') {
      const end = closingQuote(text, index);
      if (end === -1) {
        return {
          ok: false,
          message: `unbalanced ${char} quote at character ${index + 1} of the arguments; close it, or write \\${char} for the character itself`,
        };
      }
      const inside = text.slice(index + 1, end);
      word += char === "'" ? inside : inside.replace(/\\(["\\])/g, '$1');
      index = end + 1;
      continue;
    }
    if (char === '\\' && index + 1 < text.length) {
      word += text[index + 1];
      index += 2;
      continue;
    }
    word += char;
    index += 1;
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}

/** The index of the quote closing the one at `start` (in double quotes, `\"` does not close), or -1. */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let index = start + 1; index < text.length; index += 1) {
    if (quote === '"' && text[index] === '\\') {
      index += 1;
      continue;
    }
    if (text[index] === quote) return index;
  }
  return -1;
}
