import type { ModelRequest } from '../model-client.js';
import type { ProviderProfile } from './provider-profiles.js';
import { toWireMessages } from './to-wire-messages.js';
import { validateModelRequest } from './validate-model-request.js';

/** What `buildRequestBody` needs besides the request. */
export type RequestBodyContext = {
  /** The provider profile (decides the dialect and reasoning field names). */
  profile: ProviderProfile;
  /** Model id sent on the wire. */
  model: string;
  /** `stream: true` (SSE) or the non-streaming path. */
  stream: boolean;
  /** The attempt's `request_id`; sent only in the `zai` dialect, always last so everything before it is stable. */
  requestId?: string;
};

/** A request body ready for `JSON.stringify`. */
export type RequestBody = Record<string, unknown>;

/**
 * Builds the chat-completions body. Pure and deterministic: the same input gives the same keys in the same order,
 * so `JSON.stringify` of it gives the same bytes. Sends only documented fields (§2 of the protocol notes); throws
 * `invalid-options` for requests that break a documented limit.
 */
export function buildRequestBody(request: ModelRequest, context: RequestBodyContext): RequestBody {
  const options = buildRequestOptions(request, context);
  return {
    model: context.model,
    messages: toWireMessages(request.messages, context.profile, context.model),
    ...options,
  };
}

/**
 * Everything of the body that follows `model` and `messages`, in wire order (validates the request). `request_id`
 * is last, so a caller may set it per attempt without changing the bytes before it.
 */
export function buildRequestOptions(request: ModelRequest, context: RequestBodyContext): RequestBody {
  validateModelRequest(request);
  const { profile, stream } = context;
  const zai = profile.dialect === 'zai';
  const thinking = {
    enabled: request.thinking?.enabled ?? true,
    clear: request.thinking?.clearThinking ?? false,
  };
  const tools = request.tools ?? [];
  const body: RequestBody = {};
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    body.tool_choice = 'auto';
  }
  if (zai) {
    body.thinking = { type: thinking.enabled ? 'enabled' : 'disabled', clear_thinking: thinking.clear };
  } else {
    body.chat_template_kwargs = { enable_thinking: thinking.enabled, clear_thinking: thinking.clear };
  }
  body.stream = stream;
  if (stream && zai && tools.length > 0) body.tool_stream = true;
  // Self-hosted servers report usage in streams only when asked.
  if (stream && !zai) body.stream_options = { include_usage: true };
  const greedyElsewhere = !zai && request.doSample === false;
  if (greedyElsewhere) body.temperature = 0;
  else if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined && !greedyElsewhere) body.top_p = request.topP;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (zai && request.doSample !== undefined) body.do_sample = request.doSample;
  if (request.stop !== undefined) body.stop = [request.stop];
  if (request.responseFormat === 'json_object') body.response_format = { type: 'json_object' };
  if (zai && request.userId !== undefined) body.user_id = request.userId;
  if (zai && context.requestId !== undefined) body.request_id = context.requestId;
  return body;
}
