import type { CommandDefinition } from '../command-definition.js';

export const sandboxCommand: CommandDefinition = {
  name: 'sandbox',
  usage:
    'sandbox [--mode <mode>] [--network <on|off>] [--cwd <dir>] -- <command> [args...] | sandbox --probe',
  summary: "Run a command exactly as the agent's shell would, or report what this host supports.",
  details: [
    'Runs <command> in the sandbox that `wright run` would use in this directory (mode and network from config,',
    'WRIGHT_SANDBOX and the flags), with the same scrubbed environment and stdin closed, and exits with its exit',
    'code. The mode in effect and where it came from are printed on stderr first.',
    '--probe reports whether bubblewrap can confine commands here, and how to fix the host when it cannot',
    '(exit 0 when it can, 1 when it cannot). WRIGHT_BWRAP or sandbox.bwrap in config picks the bwrap binary.',
  ].join('\n'),
  options: {
    mode: {
      type: 'string',
      valueName: '<mode>',
      description: 'read-only, workspace-write or off (default: as `wright run`, workspace-write).',
    },
    network: {
      type: 'string',
      valueName: '<on|off>',
      description: 'Network inside the sandbox (default: off).',
    },
    cwd: {
      type: 'string',
      valueName: '<dir>',
      description: 'The workspace (default: the current directory).',
    },
    probe: { type: 'boolean', description: 'Report what this host supports instead of running a command.' },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  examples: [
    'sandbox -- npm test',
    'sandbox --mode read-only -- sh -c "touch /etc/x"',
    'sandbox --network on -- curl -sI https://example.com',
    'sandbox --probe',
  ],
  async execute(input, context) {
    const { executeSandbox } = await import('../sandbox/execute-sandbox.js');
    return executeSandbox(input, context);
  },
};
