import type { IncomingMessage } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { wrightError } from '@wright/core';
import { type AddressAllowance, checkHostAddress, type ResolveHost } from './checked-lookup.js';

/** What `fetchPage` takes. */
export type FetchPageOptions = AddressAllowance & {
  /** The http(s) URL. */
  url: string;
  /** Most body bytes read (after decompression); the rest is not downloaded and the page is marked truncated. */
  maxBytes: number;
  /** Same-host redirects followed before giving up. */
  maxRedirects: number;
  /** Cancels the fetch (the call's signal combined with the time limit). */
  signal: AbortSignal;
  /** The User-Agent header. */
  userAgent: string;
  /** The Accept header. */
  accept: string;
  /** Decides, from the response headers, whether to read the body (false: binary content, not downloaded). */
  wantsBody?: (contentType: string) => boolean;
  /** Host resolution; default the system resolver. */
  resolve?: ResolveHost;
};

/** A response, or a redirect to another host that the caller must fetch itself (after its own approval). */
export type FetchedPage =
  | {
      kind: 'page';
      /** The URL that answered, after same-host redirects. */
      url: string;
      status: number;
      statusText: string;
      /** The Content-Type header, lowercased ('' when absent). */
      contentType: string;
      /** The body as read (decompressed), at most `maxBytes`; empty when `wantsBody` said no. */
      body: Buffer;
      /** True when the body was longer than `maxBytes`. */
      truncated: boolean;
      /** Whether the body was read (`wantsBody`). */
      bodyRead: boolean;
    }
  | { kind: 'redirect'; url: string; location: string; status: number };

/**
 * GETs an http(s) URL with Node's own client. Each hop's host is resolved once and checked (see
 * `checkHostAddress`); the socket connects to that checked address. Same-host redirects are followed up to
 * `maxRedirects`; a redirect to another host is returned, not followed. The body is streamed, decompressed and cut
 * at `maxBytes` (the download is aborted there). Refusals and failures throw `tool` errors with plain messages.
 */
export async function fetchPage(options: FetchPageOptions): Promise<FetchedPage> {
  let current = parseHttpUrl(options.url);
  for (let hop = 0; ; hop++) {
    const response = await request(current, options);
    const location = response.headers.location;
    if (response.statusCode !== undefined && isRedirect(response.statusCode) && location !== undefined) {
      response.destroy();
      const next = parseHttpUrl(new URL(location, current).href);
      if (next.hostname !== current.hostname)
        return { kind: 'redirect', url: current.href, location: next.href, status: response.statusCode };
      if (hop >= options.maxRedirects) {
        throw wrightError('tool', `${options.url} redirected more than ${options.maxRedirects} times.`);
      }
      current = next;
      continue;
    }
    const contentType = String(response.headers['content-type'] ?? '').toLowerCase();
    const status = response.statusCode ?? 0;
    const page = {
      kind: 'page' as const,
      url: current.href,
      status,
      statusText: response.statusMessage ?? '',
    };
    if (options.wantsBody?.(contentType) === false) {
      response.destroy();
      return { ...page, contentType, body: Buffer.alloc(0), truncated: false, bodyRead: false };
    }
    const { body, truncated } = await readBody(response, options.maxBytes, options.signal);
    return { ...page, contentType, body, truncated, bodyRead: true };
  }
}

/** Parses a URL web_fetch may fetch: http or https, no user name or password in it. */
export function parseHttpUrl(text: string): URL {
  if (!URL.canParse(text)) throw wrightError('tool', `Not a URL: ${JSON.stringify(text)}.`);
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw wrightError('tool', `web_fetch reads http and https URLs only, not ${url.protocol}.`);
  if (url.username !== '' || url.password !== '')
    throw wrightError(
      'tool',
      'web_fetch does not send credentials: remove the user name and password from the URL.',
    );
  return url;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

async function request(url: URL, options: FetchPageOptions): Promise<IncomingMessage> {
  options.signal.throwIfAborted();
  const checked = await checkHostAddress(url.hostname, options, options.resolve);
  // Node may ask for all addresses (autoSelectFamily); either way it gets only the one that was checked.
  const lookup = ((
    _host: string,
    lookupOptions: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    if (lookupOptions?.all) callback(null, [checked]);
    else callback(null, checked.address, checked.family);
  }) as unknown as LookupFunction;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = client.get(
      url,
      {
        lookup,
        signal: options.signal,
        headers: {
          'user-agent': options.userAgent,
          accept: options.accept,
          'accept-encoding': 'gzip, deflate, br',
        },
      },
      resolve,
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      reject(describeFailure(url, error, options.signal)),
    );
  });
}

function describeFailure(url: URL, error: NodeJS.ErrnoException, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? error;
  return wrightError('tool', `Fetching ${url.href} failed: ${error.code ?? error.message}.`);
}

/** Reads a response body, decompressed, up to `maxBytes`; aborts the download past it. */
async function readBody(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ body: Buffer; truncated: boolean }> {
  const stream = decompressed(response);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of stream) {
      signal.throwIfAborted();
      const buffer = chunk as Buffer;
      if (size + buffer.length > maxBytes) {
        chunks.push(buffer.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(buffer);
      size += buffer.length;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    // A body cut short by the server still gives what arrived; a broken compression stream is a failure.
    if (size === 0) throw wrightError('tool', `Reading the response failed: ${(error as Error).message}.`);
    truncated = true;
  } finally {
    response.destroy();
    if (stream !== response) stream.destroy();
  }
  return { body: Buffer.concat(chunks, size), truncated };
}

function decompressed(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (decoder === undefined) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}
