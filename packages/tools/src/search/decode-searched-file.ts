/**
 * Decodes a file as rg does by default: a UTF-8 byte order mark is dropped, a UTF-16 one selects UTF-16, anything
 * else is UTF-8 (invalid bytes become U+FFFD). Returns undefined for a binary file (one holding a NUL), which rg skips.
 */
export function decodeSearchedFile(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return textOnly(bytes.toString('utf16le', 2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    return textOnly(body.swap16().toString('utf16le'));
  }
  if (bytes.includes(0)) return undefined;
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

function textOnly(text: string): string | undefined {
  return text.includes('\0') ? undefined : text;
}
