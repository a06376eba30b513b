import type { ScriptedServer } from '../src/index.js';

/** POSTs a chat-completion body (an object is JSON-encoded; a string is sent verbatim). */
export function postChat(
  server: ScriptedServer,
  body: object | string,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(`${server.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

/** Splits SSE text on blank lines and returns each event's `data:` payload text, asserting the exact framing. */
export function ssePayloads(text: string): string[] {
  if (!text.endsWith('\n\n'))
    throw new Error(`SSE text does not end with a blank line: ${JSON.stringify(text)}`);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      if (!event.startsWith('data: ') || event.includes('\n'))
        throw new Error(`bad SSE event: ${JSON.stringify(event)}`);
      return event.slice('data: '.length);
    });
}

/** The parsed JSON chunks of an SSE text, without the `[DONE]` sentinel (which must be last if present). */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary chunk fields
export function sseChunks(text: string): any[] {
  const payloads = ssePayloads(text);
  const done = payloads.indexOf('[DONE]');
  if (done !== -1 && done !== payloads.length - 1) throw new Error('[DONE] is not the last event');
  return payloads.filter((payload) => payload !== '[DONE]').map((payload) => JSON.parse(payload));
}

/** Reads a streamed body until it ends or fails; returns the text received and the failure, if any. */
export async function readUntilEnd(response: Response): Promise<{ text: string; error?: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** The parsed JSON body of a response. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary body fields
export async function jsonBody(response: Response): Promise<any> {
  return response.json();
}
