import { diffArrays } from 'diff';
import type { TextFormat } from './decode-text.js';

const utf8 = new TextEncoder();
const bomBytes = [0xef, 0xbb, 0xbf];

/**
 * Encodes `\n`-text back into bytes in the given format: the dominant line ending, the BOM. For a file that mixed
 * endings, pass the original decoded text too: lines kept from it keep their own ending (found with a line diff),
 * new lines get the dominant one.
 */
export function encodeText(text: string, format: TextFormat, originalText?: string): Uint8Array {
  const body =
    format.mixedEndings && originalText !== undefined
      ? withMixedEndings(text, format, originalText)
      : format.eol === '\n'
        ? text
        : text.replaceAll('\n', format.eol);
  const encoded = utf8.encode(body);
  if (!format.bom) return encoded;
  const result = new Uint8Array(encoded.length + 3);
  result.set(bomBytes, 0);
  result.set(encoded, 3);
  return result;
}

function withMixedEndings(text: string, format: TextFormat, originalText: string): string {
  const endings = format.mixedEndings ?? [];
  const oldLines = originalText.split('\n');
  const newLines = text.split('\n');
  // A huge rewrite of a mixed file is not worth a slow diff: fall back to the dominant ending everywhere.
  const changes = diffArrays(oldLines, newLines, { timeout: 2000 });
  const chosen: (string | undefined)[] = new Array(newLines.length);
  if (changes) {
    let oldIndex = 0;
    let newIndex = 0;
    for (const change of changes) {
      const count = change.count ?? change.value.length;
      if (change.added) {
        newIndex += count;
      } else if (change.removed) {
        oldIndex += count;
      } else {
        for (let step = 0; step < count; step++) chosen[newIndex + step] = endings[oldIndex + step];
        oldIndex += count;
        newIndex += count;
      }
    }
  }
  let result = '';
  for (let index = 0; index < newLines.length; index++) {
    result += newLines[index];
    if (index < newLines.length - 1) result += chosen[index] ?? format.eol;
  }
  return result;
}
