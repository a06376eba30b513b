import type { Message } from '../messages.js';
import type { ModelRequest } from '../model-client.js';
import { buildRequestOptions } from './build-request-body.js';
import type { ProviderProfile } from './provider-profiles.js';
import { toWireMessage } from './to-wire-messages.js';

/** Serialises one request; call the result once per attempt with that attempt's request id. */
export type BodyText = (requestId: string) => string;

/**
 * Writes request bodies as exactly the bytes of `JSON.stringify(buildRequestBody(...))` (plus `request_id` last in
 * the `zai` dialect). A tool loop sends the whole history again on every request, so the writer keeps the JSON text
 * of the last request's messages: the part of the next request that starts with the same messages (same objects,
 * same field values) is reused, and only what follows is serialised. Validation errors throw synchronously, as
 * with `buildRequestBody`.
 */
export function createBodyWriter(profile: ProviderProfile, model: string) {
  // The last request's messages, the fields each was written from, and where each one's JSON ends in `text`.
  const sent: Message[] = [];
  const sentFields: unknown[][] = [];
  const ends: number[] = [];
  // The messages array's JSON, without its closing bracket.
  let text = '[';
  const head = `{"model":${JSON.stringify(model)},"messages":`;
  // Counts the requests written; a body made for an older request leaves `text` alone.
  let written = 0;
  return (request: ModelRequest, stream: boolean): BodyText => {
    const options = buildRequestOptions(request, { profile, model, stream });
    const { messages } = request;
    const limit = Math.min(sent.length, messages.length);
    let same = 0;
    while (
      same < limit &&
      messages[same] === sent[same] &&
      sameFields(messages[same] as Message, sentFields[same] as unknown[])
    ) {
      same++;
    }
    if (same < sent.length) {
      sent.length = same;
      sentFields.length = same;
      ends.length = same;
      text = same === 0 ? '[' : text.slice(0, ends[same - 1]);
    }
    for (let index = same; index < messages.length; index++) {
      const message = messages[index] as Message;
      // `?? null` as JSON.stringify writes an array element it cannot serialise (a message of an unknown role).
      const json = JSON.stringify(toWireMessage(message, profile, model)) ?? 'null';
      text += index === 0 ? json : `,${json}`;
      sent.push(message);
      sentFields.push(fieldsOf(message));
      ends.push(text.length);
    }
    const messagesJson = text;
    const version = ++written;
    return (requestId) => {
      if (profile.dialect === 'zai') options.request_id = requestId;
      const rest = JSON.stringify(options);
      const body = flat(
        rest === '{}' ? `${head}${messagesJson}]}` : `${head}${messagesJson}],${rest.slice(1)}`,
      );
      // The messages' JSON becomes a view into the flat body (no copy): the next request appends to one flat block,
      // so a body costs one copy of the history (here) instead of two (flattening `text`, then fetch the body).
      if (version === written) text = body.slice(head.length, head.length + messagesJson.length);
      return body;
    };
  };
}

/**
 * Makes V8 store `text` as one flat string now (a conversion to a number needs a flat string and flattens in place).
 * Left as a rope (one node deeper per appended message), it would be walked again by every later request.
 */
function flat(text: string): string {
  Number(text);
  return text;
}

/** Every field the wire form is made of, in a fixed order (the profile and model are fixed per client). */
function fieldsOf(message: Message): unknown[] {
  switch (message.role) {
    case 'system':
    case 'user':
      return [message.role, message.content];
    case 'tool':
      return [message.role, message.content, message.toolCallId];
    case 'assistant': {
      const fields: unknown[] = [message.role, message.content, message.reasoning, message.model];
      fields.push(message.toolCalls?.length);
      for (const call of message.toolCalls ?? []) fields.push(call.id, call.name, call.arguments);
      return fields;
    }
  }
}

/** Compares without allocating: the strings are usually the very same objects, so `===` is a pointer check. */
function sameFields(message: Message, fields: unknown[]): boolean {
  if (fields[0] !== message.role || fields[1] !== message.content) return false;
  if (message.role === 'tool') return fields[2] === message.toolCallId;
  if (message.role !== 'assistant') return true;
  if (fields[2] !== message.reasoning || fields[3] !== message.model) return false;
  const calls = message.toolCalls;
  if (fields[4] !== calls?.length) return false;
  if (calls === undefined) return true;
  for (let index = 0; index < calls.length; index++) {
    const call = calls[index];
    const at = 5 + index * 3;
    if (fields[at] !== call?.id || fields[at + 1] !== call?.name || fields[at + 2] !== call?.arguments)
      return false;
  }
  return true;
}
