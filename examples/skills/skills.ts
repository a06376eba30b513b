// #region imports
import { createCodingAgent, discoverSkills, expandCustomCommand, loadCustomCommands } from '@wright/agent';
import { createGlmClient } from '@wright/core';
// #endregion imports

/** Where the example talks to and works in. */
export type SkillsExampleOptions = {
  /** Z.AI's key, or the scripted server's. */
  apiKey: string;
  /** The scripted server in tests; absent: Z.AI. */
  baseUrl?: string;
  /** A git repository holding `.wright/skills/` and `.wright/commands/` (a copy of ./project). */
  directory: string;
  /** Where sessions and checkpoints go. */
  dataDirectory: string;
  /** The user's config directory (its `skills/` and `commands/` are read too). */
  userDirectory: string;
};

/**
 * Lists the project's skills, turns the `release-notes` command into a task, and runs it with the coding-agent
 * preset: the model sees the skills' names and descriptions, loads the one it needs with the `skill` tool, keeps a
 * plan with `update_plan`, and writes the file. Returns what it printed.
 */
export async function runSkillsExample(options: SkillsExampleOptions): Promise<string[]> {
  const lines: string[] = [];
  // #region skills
  const found = await discoverSkills({
    projectDirectory: options.directory,
    userDirectory: options.userDirectory,
  });
  for (const skill of found.skills)
    lines.push(`skill ${skill.name} (${skill.location}): ${skill.description}`);
  for (const problem of found.problems) lines.push(`skipped ${problem}`);

  const { commands } = await loadCustomCommands({
    projectDirectory: options.directory,
    userDirectory: options.userDirectory,
  });
  const command = commands.find((entry) => entry.name === 'release-notes');
  if (command === undefined) throw new Error('no release-notes command');
  const task = expandCustomCommand(command, ['add', 'a', '--verbose', 'flag']);

  const agent = createCodingAgent({
    cwd: options.directory,
    model: createGlmClient({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    }),
    dataDirectory: options.dataDirectory,
    skills: { userDirectory: options.userDirectory },
  });
  const run = agent.run(task);
  for await (const event of run) {
    if (event.type === 'tool-exec-end') lines.push(`${event.name} → ${event.status}`);
    if (event.type === 'plan') {
      const done = event.plan.filter((step) => step.status === 'completed').length;
      lines.push(`plan ${done}/${event.plan.length}`);
    }
  }
  const result = await run.result;
  lines.push(`${result.status}: ${result.text}`);
  // #endregion skills
  return lines;
}
