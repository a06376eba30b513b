import { type AvailableCommand, methods, RequestError } from '@agentclientprotocol/sdk';
import { type CustomCommand, loadCustomCommands } from '@wright/agent';
import { fillCommand } from '../chat/custom-slash-command.js';
import type { AcpSession } from './acp-session.js';

/**
 * The project's and the user's custom commands (docs/cli.md#custom-commands), read from disk each time so a new
 * file counts at once. Skills are not commands: the model loads them itself with the `skill` tool.
 */
async function sessionCommands(session: Pick<AcpSession, 'cwd' | 'settings'>): Promise<CustomCommand[]> {
  const loaded = await loadCustomCommands({
    projectDirectory: session.cwd,
    ...(session.settings.configDirectory === undefined
      ? {}
      : { userDirectory: session.settings.configDirectory }),
  });
  return loaded.commands;
}

/** A custom command as the editor offers it: its description (else where it is), with a hint when it takes input. */
function toAvailable(command: CustomCommand): AvailableCommand {
  const takesArguments = /\$ARGUMENTS\b|\$[1-9](?![0-9])/.test(command.template);
  return {
    name: command.name,
    description: command.description ?? `custom command (${command.location})`,
    ...(takesArguments ? { input: { hint: 'arguments' } } : {}),
  };
}

/**
 * Sends `available_commands_update` with the session's custom commands, when it has any. After `session/new` it is
 * sent once the response is on its way (the editor must know the session id first), so call it after replying.
 */
export async function advertiseCommands(session: AcpSession, log: (line: string) => void): Promise<void> {
  try {
    const commands = await sessionCommands(session);
    if (commands.length === 0) return;
    await session.client.notify(methods.client.session.update, {
      sessionId: session.id,
      update: { sessionUpdate: 'available_commands_update', availableCommands: commands.map(toAvailable) },
    });
  } catch (error) {
    log(`wright acp: could not send the custom commands: ${String(error)}`);
  }
}

/**
 * The prompt text of `/name args` when `name` is one of the session's custom commands (the template with the
 * arguments filled in, as in chat); undefined for any other text. Arguments with an unclosed quote are a JSON-RPC
 * invalid-params error naming the fix.
 */
export async function commandPrompt(
  text: string,
  session: Pick<AcpSession, 'cwd' | 'settings'>,
): Promise<string | undefined> {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trim());
  if (match === null) return undefined;
  const command = (await sessionCommands(session)).find((entry) => entry.name === match[1]);
  if (command === undefined) return undefined;
  const filled = fillCommand(command, match[2] ?? '');
  if ('error' in filled) throw RequestError.invalidParams({ command: command.name }, filled.error);
  return filled.prompt;
}
