import type { ErrorData } from '../errors.js';
import type { AttemptControl } from './attempt-control.js';
import { classifyHttpResponse } from './classify-error.js';
import type { ResolvedGlmOptions } from './glm-client-options.js';

/** A response with a 2xx status, or the classified failure. */
export type SendResult = { ok: true; response: Response } | { ok: false; error: ErrorData };

/** Posts one attempt; non-2xx responses are read and classified here. */
export async function sendRequest(
  options: ResolvedGlmOptions,
  body: string,
  requestId: string,
  control: AttemptControl,
  accept: string,
): Promise<SendResult> {
  const headers: Record<string, string> = { ...options.headers, Accept: accept };
  // Self-hosted servers take the request id from a header (Z.AI gets it in the body).
  if (options.profile.dialect === 'openai-compatible') headers['X-Request-Id'] = requestId;
  let response: Response;
  try {
    response = await options.fetch(options.url, { method: 'POST', headers, body, signal: control.signal });
  } catch (error) {
    return { ok: false, error: control.failure(error) };
  }
  if (response.ok) return { ok: true, response };
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { ok: false, error: control.failure(error) };
  }
  return {
    ok: false,
    error: classifyHttpResponse(response.status, text, response.headers.get('retry-after'), Date.now()),
  };
}
