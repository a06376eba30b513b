import { type CustomCommand, expandCustomCommand, loadCustomCommands } from '@wright/agent';
import { joinText, own, type TerminalText, trusted, untrustedLine } from '../render/terminal-text.js';
import { isBuiltinSlashCommand } from './slash-commands.js';

/**
 * A chat line `/name args` naming a custom command (not a built-in one): the prompt it stands for, with `$ARGUMENTS`
 * the rest of the line and `$1`… its words. Undefined for any other line. Commands are read from disk for every such
 * line, so a command added during the chat works at once.
 */
export async function customCommandPrompt(
  line: string,
  folders: { projectDirectory: string; userDirectory?: string | undefined },
): Promise<string | undefined> {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
  if (match === null || isBuiltinSlashCommand(match[1] ?? '')) return undefined;
  const command = (await chatCommands(folders)).find((entry) => entry.name === match[1]);
  if (command === undefined) return undefined;
  const rest = (match[2] ?? '').trim();
  return expandCustomCommand(command, rest === '' ? [] : rest.split(/\s+/));
}

/** `/help`'s lines for the custom commands (names and descriptions are project text: sanitised). */
export async function customCommandHelp(folders: {
  projectDirectory: string;
  userDirectory?: string | undefined;
}): Promise<TerminalText> {
  const commands = (await chatCommands(folders)).filter((command) => !isBuiltinSlashCommand(command.name));
  if (commands.length === 0) return trusted('');
  const lines = commands.map((command) => {
    const name = untrustedLine(`/${command.name}`.padEnd(20));
    const description = untrustedLine(command.description ?? command.location);
    return own`${name} ${description}`;
  });
  return own`custom commands:\n${joinText(lines, trusted('\n'))}\n`;
}

async function chatCommands(folders: {
  projectDirectory: string;
  userDirectory?: string | undefined;
}): Promise<CustomCommand[]> {
  const loaded = await loadCustomCommands({
    projectDirectory: folders.projectDirectory,
    ...(folders.userDirectory === undefined ? {} : { userDirectory: folders.userDirectory }),
  });
  return loaded.commands;
}
