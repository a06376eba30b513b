// Every replacement is one UTF-16 code unit for one, so offsets in the normalised text are offsets in the original.
const replacements: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u202f': ' ',
  '\u205f': ' ',
  '\u3000': ' ',
};
const pattern =
  /[\u2018\u2019\u201a\u201b\u2032\u201c-\u201f\u2033\u2010-\u2015\u2212\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

/**
 * Turns typographic quotes, dashes and Unicode spaces into their ASCII forms (‘’“” → '", –— → -, NBSP → space),
 * keeping the string's length, so a match found in the result sits at the same offsets in the input.
 */
export function normalizePunctuation(text: string): string {
  return text.replace(pattern, (character) => replacements[character] ?? ' ');
}
