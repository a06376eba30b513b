/** What a slash command asks the chat loop to do. */
export type SlashAction =
  | { kind: 'diff' }
  | { kind: 'undo'; force: boolean }
  | { kind: 'compact' }
  | { kind: 'thinking'; enabled: boolean }
  | { kind: 'model'; model?: string }
  | { kind: 'cost' }
  | { kind: 'help' }
  | { kind: 'exit' }
  | { kind: 'invalid'; message: string };

/** Help for the chat's slash commands. */
export const slashHelp = [
  '/diff               show what this session changed',
  '/undo [--force]     undo the last step (files and conversation); --force over later changes',
  '/compact            compact the conversation before the next prompt',
  '/thinking on|off    turn thinking on or off for the next prompts',
  '/model [id]         show or switch the model',
  '/cost               tokens, cache-hit rate and cost so far',
  '/help               this list',
  '/exit               leave (Ctrl-D works too)',
  '/<name> [args]      a custom command (.wright/commands/<name>.md, or commands/ in the config directory)',
].join('\n');

const builtinNames = new Set([
  'diff',
  'undo',
  'compact',
  'thinking',
  'model',
  'cost',
  'help',
  'exit',
  'quit',
]);

/** True for the chat's own slash commands (they win over a custom command of the same name). */
export function isBuiltinSlashCommand(name: string): boolean {
  return builtinNames.has(name);
}

/** Parses a line starting with `/`. */
export function parseSlashCommand(line: string): SlashAction {
  const [name = '', ...rest] = line.trim().slice(1).split(/\s+/);
  const argument = rest.join(' ');
  switch (name) {
    case 'undo':
      if (argument === '' || argument === '--force') return { kind: 'undo', force: argument === '--force' };
      return { kind: 'invalid', message: 'usage: /undo [--force]' };
    case 'diff':
    case 'compact':
    case 'cost':
    case 'help':
    case 'exit':
      return { kind: name };
    case 'quit':
      return { kind: 'exit' };
    case 'thinking':
      if (argument === 'on' || argument === 'off') return { kind: 'thinking', enabled: argument === 'on' };
      return { kind: 'invalid', message: 'usage: /thinking on|off' };
    case 'model':
      return argument === '' ? { kind: 'model' } : { kind: 'model', model: argument };
    default:
      return { kind: 'invalid', message: `unknown command /${name}; /help lists them` };
  }
}
