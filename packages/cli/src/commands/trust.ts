import type { CommandDefinition } from '../command-definition.js';

export const trustCommand: CommandDefinition = {
  name: 'trust',
  usage: 'trust [<dir>] [--list] [--revoke]',
  summary: "Trust a project's .wright/config.json, list trusted projects, or revoke trust.",
  details: [
    "A project's .wright/config.json can set what runs code or decides where your API key goes (provider, baseUrl,",
    'apiKeyEnv, plugins, mcpServers, check, approval.mode, approval.allow, passEnv). Until you trust the project,',
    'Wright ignores those settings (one line on stderr names them) and applies the rest; in a terminal it asks.',
    'Trust is kept outside the repository (trusted-projects.json beside your user config), tied to the',
    "project's real path and the file's sha256: when the file changes, Wright ignores those settings again until",
    'you trust it again. Check the file before trusting it.',
  ].join('\n'),
  options: {
    list: { type: 'boolean', description: 'List trusted projects and whether their config changed since.' },
    revoke: { type: 'boolean', description: 'Stop trusting the project.' },
  },
  positionals: { min: 0, max: 1 },
  examples: ['trust', 'trust ../cloned-repo', 'trust --list', 'trust --revoke'],
  async execute(input, context) {
    const { executeTrust } = await import('../config/trust/execute-trust.js');
    return executeTrust(input, context);
  },
};
