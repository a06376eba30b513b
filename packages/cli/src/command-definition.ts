import type { CliContext } from './cli-context.js';

/** One option of a command, as `node:util` parseArgs takes it plus help text. */
export type OptionDefinition = {
  /** `string` options take a value; `boolean` options are flags. */
  type: 'string' | 'boolean';
  /** One-letter alias. */
  short?: string;
  /** The value's placeholder in help, e.g. `<dir>`. */
  valueName?: string;
  /** One line of help. */
  description: string;
};

/** Parsed command-line input of one command. */
export type CommandInput = {
  /** Option values by long name (strings for `string` options, true for flags). */
  values: Record<string, string | boolean | undefined>;
  /** Positional arguments in order. */
  positionals: string[];
};

/** A `wright` sub-command: its help, its options, and what it does. */
export type CommandDefinition = {
  /** The word after `wright`. */
  name: string;
  /** The usage line without `wright `, e.g. `run [options] <task>`. */
  usage: string;
  /** One line for `wright --help`. */
  summary: string;
  /** Extra paragraphs for `wright <command> --help`. */
  details?: string;
  options: Record<string, OptionDefinition>;
  /** How many positionals are accepted. */
  positionals: { min: number; max: number };
  /** Example invocations for help, without `wright `. */
  examples?: string[];
  /** Does the work; resolves with the exit code. Throws CliFailure for expected failures. */
  execute(input: CommandInput, context: CliContext): Promise<number>;
};

/** Reads a string option. */
export function stringValue(input: CommandInput, name: string): string | undefined {
  const value = input.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a boolean flag. */
export function flagValue(input: CommandInput, name: string): boolean {
  return input.values[name] === true;
}
