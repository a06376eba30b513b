import type { CommandDefinition } from '../command-definition.js';
import { modelOptions } from './shared-options.js';

const { cwd: _cwd, ...shared } = modelOptions;
const options = {
  ...shared,
  'max-steps': {
    ...shared['max-steps'],
    description: 'Stop a prompt after n model steps (max_turn_requests).',
  },
} as CommandDefinition['options'];

export const acpCommand: CommandDefinition = {
  name: 'acp',
  usage: 'acp [options]',
  summary: 'Serve editors over the Agent Client Protocol on stdin/stdout.',
  details: [
    'Started by an editor (Zed, JetBrains, Neovim/CodeCompanion...), not by hand: JSON-RPC messages, one per line,',
    'on stdin and stdout; logs go to stderr. Each session works in the directory the editor names; its approval',
    'mode (read-only, auto-edit, full) and thinking can be switched from the editor. The flags set the defaults.',
    'Setup per editor: docs/acp.md.',
  ].join('\n'),
  options,
  positionals: { min: 0, max: 0 },
  examples: ['acp', 'acp --approval read-only', 'acp --provider vllm --base-url http://127.0.0.1:8000/v1'],
  async execute(input, context) {
    const { executeAcp } = await import('../acp/execute-acp.js');
    return executeAcp(input, context);
  },
};
