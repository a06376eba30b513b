import type { OptionDefinition } from '../command-definition.js';

/** Options shared by `run`, `chat` and `demo`: where to work and which model to ask. */
export const modelOptions: Record<string, OptionDefinition> = {
  cwd: { type: 'string', valueName: '<dir>', description: 'The workspace (default: the current directory).' },
  provider: {
    type: 'string',
    valueName: '<name>',
    description: 'zai, zai-coding, bigmodel, bigmodel-coding, vllm, sglang or llama-cpp (default: zai).',
  },
  'base-url': { type: 'string', valueName: '<url>', description: "Overrides the provider's base URL." },
  model: { type: 'string', valueName: '<id>', description: 'Model id (default: glm-4.7).' },
  thinking: { type: 'string', valueName: '<on|off|auto>', description: 'Turn-level thinking (default: on).' },
  approval: {
    type: 'string',
    valueName: '<mode>',
    description: 'read-only, auto-edit or full: what tools may do without asking (default: auto-edit).',
  },
  'max-steps': { type: 'string', valueName: '<n>', description: 'Stop after n model steps (exit 3).' },
  lsp: {
    type: 'string',
    valueName: '<on|off>',
    description:
      'Language-server diagnostics after edits and the lsp tool (default: on where a server exists).',
  },
};

/** Options shared by `run`, `chat` and `batch`: how the commands the model runs are confined. */
export const sandboxOptions: Record<string, OptionDefinition> = {
  sandbox: {
    type: 'string',
    valueName: '<mode>',
    description: 'read-only, workspace-write or off: where commands may write (default: workspace-write).',
  },
  network: {
    type: 'string',
    valueName: '<on|off>',
    description: 'Network for sandboxed commands (default: off).',
  },
};
