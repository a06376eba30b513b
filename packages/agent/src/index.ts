export type { CodingAgent, CodingAgentOptions, CodingRunOptions } from './create-coding-agent.js';
export { createCodingAgent } from './create-coding-agent.js';
export { buildSystemPrompt, findAgentsFiles } from './prompts/build-system-prompt.js';
