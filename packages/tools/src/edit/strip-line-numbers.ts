// read_file prints `${number.padStart(6)}\t${line}`; error messages print `${number}\t${line}`.
const linePrefix = /^ *\d+\t/;

/**
 * Removes read_file's line-number prefixes when every line of `text` carries one (a trailing empty line after a
 * final newline is ignored); undefined when some line has none, so ordinary text is never touched.
 */
export function stripLineNumbers(text: string): string | undefined {
  const lines = text.split('\n');
  const last = lines.length > 1 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  if (last === 0) return undefined;
  for (let index = 0; index < last; index++) {
    if (!linePrefix.test(lines[index]!)) return undefined;
  }
  return lines.map((line, index) => (index < last ? line.replace(linePrefix, '') : line)).join('\n');
}

/** Removes a line-number prefix from each line that carries one (for new_string once old_string had them all). */
export function stripLineNumbersWherePresent(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(linePrefix, ''))
    .join('\n');
}
