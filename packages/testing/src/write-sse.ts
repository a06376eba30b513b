import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Quirk } from './quirks.js';

/** The SSE frames of a reply's chunks (`data: <json>` and a blank line), shaped by the framing quirks. */
export function sseFrames(chunks: object[], quirks: ReadonlySet<Quirk>): string[] {
  const end = quirks.has('crlf') ? '\r\n\r\n' : '\n\n';
  const frames = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}${end}`);
  if (quirks.has('glued-frames') && frames.length >= 2) {
    // A frame cut off mid-JSON with the next frame glued on: `…"model":"glm-4.data: {"id":…`.
    const at = frames.length >= 3 ? 1 : 0;
    const frame = frames[at] as string;
    const cut = frame.slice(0, Math.max(8, Math.floor(frame.length / 2)));
    frames.splice(at, 2, `${cut}${frames[at + 1] as string}`);
  }
  return frames;
}

/** Writes text; with `split-utf8`, three bytes at a time so multi-byte characters straddle network writes. */
export async function writeQuirked(
  response: ServerResponse,
  text: string,
  quirks: ReadonlySet<Quirk>,
): Promise<void> {
  if (!quirks.has('split-utf8')) return write(response, text);
  const bytes = Buffer.from(text, 'utf8');
  for (let start = 0; start < bytes.length; start += 3) {
    await write(response, bytes.subarray(start, start + 3));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * After the first chunk: with `stall-after-first-chunk`, sends nothing more until the client goes away; with
 * `trickle-forever`, sends an SSE comment every 20 ms until then. Returns true when the reply is over.
 */
export async function holdOpen(
  response: ServerResponse,
  closed: AbortSignal,
  quirks: ReadonlySet<Quirk>,
): Promise<boolean> {
  if (quirks.has('stall-after-first-chunk')) {
    await new Promise<void>((resolve) => {
      if (closed.aborted) resolve();
      closed.addEventListener('abort', () => resolve(), { once: true });
    });
    return true;
  }
  if (quirks.has('trickle-forever')) {
    while (!closed.aborted && !response.destroyed) {
      await write(response, ': keep-alive\n\n');
      await sleep(20, undefined, { signal: closed }).catch(() => undefined);
    }
    return true;
  }
  return false;
}

function write(response: ServerResponse, data: string | Uint8Array): Promise<void> {
  if (response.destroyed) return Promise.resolve();
  return new Promise((resolve) => response.write(data, () => resolve()));
}
