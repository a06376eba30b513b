import { readFileSync } from 'node:fs';
import type { CliContext } from './cli-context.js';
import { commandTable } from './command-table.js';
import { exitCodes, isCliFailure } from './exit-codes.js';
import { formatCommandHelp } from './format-help.js';
import { parseCommandLine } from './parse-command-line.js';

/** Runs `wright <args>` and resolves with the exit code. Never throws. */
export async function runCli(args: string[], context: CliContext): Promise<number> {
  const [first, ...rest] = args;
  if (first === '--version' || first === '-v' || first === '-V') {
    context.stdout.write(`${readVersion()}\n`);
    return exitCodes.ok;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined) return runCli([topic, '--help'], context);
    context.stdout.write(topLevelHelp());
    return exitCodes.ok;
  }
  const entry = commandTable.find((command) => command.name === first);
  if (entry === undefined) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    return reportFailure(context, `wright: ${what}`, "run 'wright --help' to see the commands and options");
  }
  try {
    const definition = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      context.stdout.write(formatCommandHelp(definition));
      return exitCodes.ok;
    }
    const input = parseCommandLine(definition, rest);
    return await definition.execute(input, context);
  } catch (error) {
    if (isCliFailure(error)) return reportFailure(context, error.message, error.hint, error.exitCode);
    // A WrightError (checked by name, so core stays unloaded here) is an expected failure: one line, exit 1.
    if (error instanceof Error && error.name === 'WrightError') {
      const hint = (error as Error & { data?: { hint?: string } }).data?.hint;
      return reportFailure(
        context,
        `wright ${first}: ${error.message}`,
        hint?.replace(/\.$/, ''),
        exitCodes.failure,
      );
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return reportFailure(
      context,
      `wright ${first}: internal error: ${message}`,
      undefined,
      exitCodes.failure,
    );
  }
}

function reportFailure(
  context: CliContext,
  message: string,
  hint: string | undefined,
  exitCode: number = exitCodes.usage,
): number {
  context.stderr.write(hint === undefined ? `${message}\n` : `${message}; ${hint}\n`);
  return exitCode;
}

/** The package version from package.json. */
export function readVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function topLevelHelp(): string {
  const width = Math.max(...commandTable.map((command) => command.name.length)) + 2;
  const commands = commandTable.map((command) => `  ${command.name.padEnd(width)}${command.summary}`);
  return `${[
    'Usage: wright <command> [options]',
    '',
    'Wright runs autonomous coding tasks with GLM-4.7.',
    '',
    'Commands:',
    ...commands,
    '',
    'Options:',
    '  -v, --version  Print the version.',
    '  -h, --help     Show this help; `wright <command> --help` shows a command.',
    '',
    'Exit codes: 0 finished, 1 runtime or provider error, 2 usage error, 3 budget ran out,',
    '            4 the --check command still fails, 130 interrupted.',
    '',
    'The API key comes from ZAI_API_KEY (or the env var named by the config key `apiKeyEnv`).',
    'Config: ~/.config/wright/config.json, then .wright/config.json, then WRIGHT_* env vars, then flags.',
    'Docs: docs/cli.md',
  ].join('\n')}\n`;
}
