import type { CommandDefinition } from '../command-definition.js';

export const demoCommand: CommandDefinition = {
  name: 'demo',
  usage: 'demo [--offline] [--json]',
  summary: 'The newcomer path: a real task with ZAI_API_KEY, else an offline scripted demo.',
  details: [
    'Creates a small sample repository with a failing test in a temp directory and asks the agent to fix it,',
    'then runs the check and shows the diff. With ZAI_API_KEY set this calls GLM-4.7 for real; without it',
    '(or with --offline) a scripted GLM server on 127.0.0.1 plays the model and no model is called.',
  ].join('\n'),
  options: {
    offline: { type: 'boolean', description: 'Use the scripted server even when ZAI_API_KEY is set.' },
    json: { type: 'boolean', description: 'One JSON event per line on stdout (like run --json).' },
  },
  positionals: { min: 0, max: 0 },
  async execute(input, context) {
    const { executeDemo } = await import('../demo/execute-demo.js');
    return executeDemo(input, context);
  },
};
