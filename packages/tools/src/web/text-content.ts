/** How web_fetch treats a response, by its Content-Type. */
export type ContentKind = 'html' | 'text' | 'binary' | 'unknown';

const textTypes = new Set([
  'application/json',
  'application/ld+json',
  'application/x-ndjson',
  'application/xml',
  'application/javascript',
  'application/ecmascript',
  'application/x-javascript',
  'application/typescript',
  'application/yaml',
  'application/x-yaml',
  'application/toml',
  'application/x-sh',
  'application/sql',
  'application/graphql',
  'application/x-httpd-php',
  'image/svg+xml',
]);

/** The kind of a Content-Type header value (`text/html; charset=utf-8` is `html`; absent is `unknown`). */
export function kindOfContent(contentType: string): ContentKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === '') return 'unknown';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type.startsWith('text/') || textTypes.has(type) || /\+(json|xml)$/.test(type)) return 'text';
  return 'binary';
}

/**
 * Decodes a body by the charset of its Content-Type, or the `<meta charset>` of an HTML page, or UTF-8. An unknown
 * charset name falls back to UTF-8; undecodable bytes become U+FFFD.
 */
export function decodeBody(body: Buffer, contentType: string): string {
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  const sniffed =
    declared ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(sniffed ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
