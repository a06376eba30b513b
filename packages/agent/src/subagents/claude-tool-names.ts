/** Claude Code's tool names and the Wright tools that do the same job. */
const claudeToWright: Record<string, string> = {
  Read: 'read_file',
  Write: 'write_file',
  Edit: 'edit_file',
  MultiEdit: 'edit_file',
  Grep: 'grep',
  Glob: 'glob',
  LS: 'glob',
  Bash: 'shell',
  BashOutput: 'shell_output',
  KillBash: 'shell_kill',
  KillShell: 'shell_kill',
  Task: 'task',
  Agent: 'task',
  WebFetch: 'web_fetch',
  TodoWrite: 'update_plan',
  Skill: 'skill',
};

/** Claude Code tools Wright has no counterpart for. */
const claudeOnly = new Set(['NotebookEdit', 'NotebookRead', 'WebSearch', 'ExitPlanMode', 'SlashCommand']);

/** Claude Code's model aliases: a subagent asking for one gets the parent's model. */
export const claudeModelAliases = new Set(['inherit', 'sonnet', 'opus', 'haiku', 'opusplan', 'default']);

/**
 * The Wright name for a tool named in an agent file: a Claude Code name is mapped, a Wright (or MCP, plugin) name
 * is kept, and undefined means a Claude Code tool Wright does not have. Whether the parent has the tool is decided
 * when the subagent starts.
 */
export function wrightToolName(name: string): string | undefined {
  if (Object.hasOwn(claudeToWright, name)) return claudeToWright[name];
  if (claudeOnly.has(name)) return undefined;
  return name;
}
