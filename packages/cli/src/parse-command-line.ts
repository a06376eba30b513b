import { parseArgs } from 'node:util';
import type { CommandDefinition, CommandInput, OptionDefinition } from './command-definition.js';
import { usageFailure } from './exit-codes.js';

/** Parses a command's arguments strictly; any mistake becomes a usage failure naming the cause and the fix. */
export function parseCommandLine(definition: CommandDefinition, args: string[]): CommandInput {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, option] of Object.entries(definition.options)) {
    options[name] =
      option.short === undefined ? { type: option.type } : { type: option.type, short: option.short };
  }
  const helpHint = `run 'wright ${definition.name} --help' to see its usage`;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageFailure(
      `wright ${definition.name}: ${describeParseError(error, definition.options)}`,
      helpHint,
    );
  }
  const { min, max } = definition.positionals;
  const count = parsed.positionals.length;
  if (count < min) {
    throw usageFailure(
      `wright ${definition.name}: missing argument (usage: wright ${definition.usage})`,
      helpHint,
    );
  }
  if (count > max) {
    const extra = parsed.positionals[max] ?? '';
    throw usageFailure(`wright ${definition.name}: unexpected argument '${extra}'`, helpHint);
  }
  return { values: parsed.values as CommandInput['values'], positionals: parsed.positionals };
}

function describeParseError(error: unknown, definitions: Record<string, OptionDefinition>): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const suggestion = closestOption(flag.replace(/^-+/, '').split('=')[0] ?? '', Object.keys(definitions));
    return suggestion === undefined
      ? `unknown option '${flag}'`
      : `unknown option '${flag}' (did you mean '--${suggestion}'?)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = flag.replace(/^-+/, '');
    const definition =
      definitions[name] ?? Object.values(definitions).find((option) => option.short === name);
    if (definition?.type === 'boolean') return `option '${flag}' takes no value`;
    return `option '${flag}' needs a value${definition?.valueName ? ` ${definition.valueName}` : ''}`;
  }
  return message.split('\n')[0] ?? message;
}

function closestOption(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current[column] = Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}
