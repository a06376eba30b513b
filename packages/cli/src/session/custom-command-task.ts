import { type CustomCommand, expandCustomCommand, loadCustomCommands } from '@wright/agent';
import { usageFailure } from '../exit-codes.js';

/** Where custom commands live, for messages. */
const commandFolders = ".wright/commands/ or the config directory's commands/";

/**
 * The task of `wright run --command <name> [args]`: the command's template with the arguments filled in. An unknown
 * name is a usage failure (exit 2) listing the commands there are.
 */
export async function customCommandTask(options: {
  name: string;
  args: readonly string[];
  projectDirectory: string;
  userDirectory?: string | undefined;
}): Promise<string> {
  const { commands } = await loadCustomCommands({
    projectDirectory: options.projectDirectory,
    ...(options.userDirectory === undefined ? {} : { userDirectory: options.userDirectory }),
  });
  const command = commands.find((entry) => entry.name === options.name);
  if (command === undefined) throw unknownCommand(options.name, commands);
  return expandCustomCommand(command, options.args);
}

function unknownCommand(name: string, commands: readonly CustomCommand[]) {
  const message = `wright run: unknown custom command '${name}'`;
  if (commands.length === 0) {
    return usageFailure(`${message}; there are none`, `add ${name}.md to ${commandFolders}`);
  }
  return usageFailure(
    `${message}; available: ${commands.map((command) => command.name).join(', ')}`,
    `use one of these, or add ${name}.md to ${commandFolders}`,
  );
}
