import type { CommandDefinition } from './command-definition.js';

/** A command as `wright --help` lists it; the module is imported only when the command runs. */
export type CommandEntry = {
  name: string;
  summary: string;
  load(): Promise<CommandDefinition>;
};

/** Every `wright` command, in help order. */
export const commandTable: CommandEntry[] = [
  {
    name: 'run',
    summary: 'Run a task autonomously and exit.',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
  {
    name: 'chat',
    summary: 'Interactive session in the terminal.',
    load: async () => (await import('./commands/chat.js')).chatCommand,
  },
  {
    name: 'apply',
    summary: 'Apply a unified diff or Codex-style patch, all or nothing.',
    load: async () => (await import('./commands/apply.js')).applyCommand,
  },
  {
    name: 'sessions',
    summary: 'List stored sessions.',
    load: async () => (await import('./commands/sessions.js')).sessionsCommand,
  },
  {
    name: 'clean',
    summary: "Remove finished sessions' worktrees, stale wright/* branches and old snapshot data.",
    load: async () => (await import('./commands/clean.js')).cleanCommand,
  },
  {
    name: 'show',
    summary: "Show a session's transcript.",
    load: async () => (await import('./commands/show.js')).showCommand,
  },
  {
    name: 'diff',
    summary: 'Show the changes a session made.',
    load: async () => (await import('./commands/diff.js')).diffCommand,
  },
  {
    name: 'undo',
    summary: "Restore the workspace to an earlier step's checkpoint.",
    load: async () => (await import('./commands/undo.js')).undoCommand,
  },
  {
    name: 'trust',
    summary: "Trust a project's .wright/config.json, list trusted projects, or revoke trust.",
    load: async () => (await import('./commands/trust.js')).trustCommand,
  },
  {
    name: 'acp',
    summary: 'Serve editors over the Agent Client Protocol on stdin/stdout.',
    load: async () => (await import('./commands/acp.js')).acpCommand,
  },
  {
    name: 'batch',
    summary: 'Run many tasks from a JSONL file, each in its own worktree.',
    load: async () => (await import('./commands/batch.js')).batchCommand,
  },
  {
    name: 'worker',
    summary: 'Take batch tasks from a queue and run them (distributed batch).',
    load: async () => (await import('./commands/worker.js')).workerCommand,
  },
  {
    name: 'sandbox',
    summary: "Run a command exactly as the agent's shell would, or report what this host supports.",
    load: async () => (await import('./commands/sandbox.js')).sandboxCommand,
  },
  {
    name: 'demo',
    summary: 'The newcomer path: a real task with ZAI_API_KEY, else an offline scripted demo.',
    load: async () => (await import('./commands/demo.js')).demoCommand,
  },
];
