import type { CommandDefinition } from '../command-definition.js';

export const applyCommand: CommandDefinition = {
  name: 'apply',
  usage: 'apply <patch-file|-> [--cwd <dir>] [--check] [--json]',
  summary: 'Apply a unified diff or Codex-style patch, all or nothing.',
  details: [
    'Reads the patch from a file, or from stdin with -. Hunks whose lines moved are placed by their context;',
    'if any hunk cannot be placed, nothing is written. Prints what it did (or would do) to each file.',
    'With --json, stdout is one JSON object: { ok, check, files: [{ path, action, hunks, ... }], errors }.',
    'Exit codes: 0 every hunk applied (or would apply with --check), 1 otherwise, 2 usage error.',
  ].join('\n'),
  options: {
    cwd: {
      type: 'string',
      valueName: '<dir>',
      description: 'The directory paths are relative to (default: .).',
    },
    check: { type: 'boolean', description: 'Only check that the patch applies; write nothing.' },
    json: { type: 'boolean', description: 'Print the report as one JSON object on stdout.' },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    'apply fix.patch',
    'apply --check - < fix.patch',
    'apply --json fix.patch',
    'git diff | wright apply --cwd ../other-checkout -',
  ],
  async execute(input, context) {
    const { executeApply } = await import('../patch/execute-apply.js');
    return executeApply(input, context);
  },
};
