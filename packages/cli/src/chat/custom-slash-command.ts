import { type CustomCommand, expandCustomCommand, loadCustomCommands } from '@wright/agent';
import { joinText, own, type TerminalText, trusted, untrustedLine } from '../render/terminal-text.js';
import { isBuiltinSlashCommand } from './slash-commands.js';
import { splitCommandArguments } from './split-command-arguments.js';

/**
 * A chat line `/name args` naming a custom command (not a built-in one): the prompt it stands for, with `$ARGUMENTS`
 * the rest of the line as typed and `$1`… its words split like a shell's (quotes group, see
 * `splitCommandArguments`), or the error of arguments that cannot be split. Undefined for any other line. Commands
 * are read from disk for every such line, so a command added during the chat works at once.
 */
export async function customCommandPrompt(
  line: string,
  folders: { projectDirectory: string; userDirectory?: string | undefined },
): Promise<{ prompt: string } | { error: string } | undefined> {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
  if (match === null || isBuiltinSlashCommand(match[1] ?? '')) return undefined;
  const command = (await chatCommands(folders)).find((entry) => entry.name === match[1]);
  return command === undefined ? undefined : fillCommand(command, match[2] ?? '');
}

/** A command's prompt for the arguments text of `/name args`, or why the arguments cannot be split. */
export function fillCommand(command: CustomCommand, text: string): { prompt: string } | { error: string } {
  const raw = text.trim();
  const split = splitCommandArguments(raw);
  if (!split.ok) return { error: `/${command.name}: ${split.message}` };
  return { prompt: expandCustomCommand(command, split.words, raw) };
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
