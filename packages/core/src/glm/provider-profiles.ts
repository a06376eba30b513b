/** The GLM back-ends Wright knows how to talk to. */
export type ProviderName =
  | 'zai'
  | 'zai-coding'
  | 'bigmodel'
  | 'bigmodel-coding'
  | 'vllm'
  | 'sglang'
  | 'llama-cpp';

/** How one back-end speaks the chat-completions protocol. Plain data. */
export type ProviderProfile = {
  /** Profile name, reported as `ModelClient.provider`. */
  name: ProviderName;
  /** Base URL without `/chat/completions`; absent for self-hosted servers (the caller must give one). */
  defaultBaseUrl?: string;
  /** `zai`: Z.AI fields (`thinking`, `tool_stream`, `request_id`, ...); `openai-compatible`: plain OpenAI fields. */
  dialect: 'zai' | 'openai-compatible';
  /** Whether requests need an API key (hosted platforms). */
  requiresApiKey: boolean;
  /** Field names an assistant message's reasoning is written under, in this order. */
  reasoningFields: readonly ('reasoning_content' | 'reasoning')[];
  /** Whether `</think>` / `<think>` leaking into `content` must be split back into reasoning. */
  splitThinkTags: boolean;
  /** Extra headers every request carries. */
  headers: Readonly<Record<string, string>>;
};

const zaiHeaders = { 'Accept-Language': 'en-US,en' } as const;

export const providerProfiles: Record<ProviderName, ProviderProfile> = {
  zai: {
    name: 'zai',
    defaultBaseUrl: 'https://api.z.ai/api/paas/v4',
    dialect: 'zai',
    requiresApiKey: true,
    reasoningFields: ['reasoning_content'],
    splitThinkTags: false,
    headers: zaiHeaders,
  },
  'zai-coding': {
    name: 'zai-coding',
    defaultBaseUrl: 'https://api.z.ai/api/coding/paas/v4',
    dialect: 'zai',
    requiresApiKey: true,
    reasoningFields: ['reasoning_content'],
    splitThinkTags: false,
    headers: zaiHeaders,
  },
  bigmodel: {
    name: 'bigmodel',
    defaultBaseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    dialect: 'zai',
    requiresApiKey: true,
    reasoningFields: ['reasoning_content'],
    splitThinkTags: false,
    headers: {},
  },
  'bigmodel-coding': {
    name: 'bigmodel-coding',
    defaultBaseUrl: 'https://open.bigmodel.cn/api/coding/paas/v4',
    dialect: 'zai',
    requiresApiKey: true,
    reasoningFields: ['reasoning_content'],
    splitThinkTags: false,
    headers: {},
  },
  // Recent vLLM reads only `reasoning` on input while older ones read `reasoning_content`: send both.
  vllm: {
    name: 'vllm',
    dialect: 'openai-compatible',
    requiresApiKey: false,
    reasoningFields: ['reasoning', 'reasoning_content'],
    splitThinkTags: true,
    headers: {},
  },
  sglang: {
    name: 'sglang',
    dialect: 'openai-compatible',
    requiresApiKey: false,
    reasoningFields: ['reasoning_content'],
    splitThinkTags: true,
    headers: {},
  },
  'llama-cpp': {
    name: 'llama-cpp',
    dialect: 'openai-compatible',
    requiresApiKey: false,
    reasoningFields: ['reasoning_content'],
    splitThinkTags: true,
    headers: {},
  },
};

/** True for a known profile name. */
export function isProviderName(value: string): value is ProviderName {
  return Object.hasOwn(providerProfiles, value);
}
