import { readFileSync } from 'node:fs';
import type { CliContext } from './cli-context.js';
import type { CliEvent } from './cli-events.js';
import { commandTable } from './command-table.js';
import { exitCodes, isCliFailure } from './exit-codes.js';
import { formatCommandHelp } from './format-help.js';
import { parseCommandLine } from './parse-command-line.js';
import { printJson, printText } from './render/print-text.js';
import { own, trusted, untrustedLine } from './render/terminal-text.js';

/** Runs `wright <args>` and resolves with the exit code. Never throws. */
export async function runCli(args: string[], context: CliContext): Promise<number> {
  const [first, ...rest] = args;
  if (first === '--version' || first === '-v' || first === '-V') {
    printText(context.stdout, own`${untrustedLine(readVersion())}\n`);
    return exitCodes.ok;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined) return runCli([topic, '--help'], context);
    printText(context.stdout, trusted(topLevelHelp()));
    return exitCodes.ok;
  }
  const entry = commandTable.find((command) => command.name === first);
  if (entry === undefined) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    return reportFailure(context, `wright: ${what}`, "run 'wright --help' to see the commands and options");
  }
  // `run --json` and `demo --json` promise a final `result` event, so failures outside the run print one too.
  const resultOnStdout = (first === 'run' || first === 'demo') && optionArguments(rest).includes('--json');
  const fail = (message: string, hint: string | undefined, exitCode: number, code: FailureCode) => {
    if (resultOnStdout) writeFailureResult(context, { message, hint, exitCode, code });
    return reportFailure(context, message, hint, exitCode);
  };
  try {
    const definition = await entry.load();
    if (optionArguments(rest).includes('--help') || optionArguments(rest).includes('-h')) {
      printText(context.stdout, trusted(formatCommandHelp(definition)));
      return exitCodes.ok;
    }
    const input = parseCommandLine(definition, rest);
    return await definition.execute(input, context);
  } catch (error) {
    if (isCliFailure(error)) {
      const code = error.exitCode === exitCodes.usage ? 'usage' : 'unknown';
      return fail(error.message, error.hint, error.exitCode, code);
    }
    // A WrightError (checked by name, so core stays unloaded here) is an expected failure: one line, exit 1. Bad
    // config, environment or flag values from @wright/agent's loadSettings (`details.usage`) are usage errors, exit 2.
    if (error instanceof Error && error.name === 'WrightError') {
      const data = (
        error as Error & { data?: { code?: string; hint?: string; details?: { usage?: unknown } } }
      ).data;
      const usage = data?.details?.usage === true;
      const code = (usage ? 'usage' : (data?.code ?? 'unknown')) as FailureCode;
      return fail(
        usage ? error.message : `wright ${first}: ${error.message}`,
        data?.hint?.replace(/\.$/, ''),
        usage ? exitCodes.usage : exitCodes.failure,
        code,
      );
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return fail(`wright ${first}: internal error: ${message}`, undefined, exitCodes.failure, 'internal');
  }
}

type ResultEvent = Extract<CliEvent, { type: 'result' }>;
type FailureCode = NonNullable<ResultEvent['error']>['code'];

/** The arguments before a `--` (after it, `--json` would be part of the task). */
function optionArguments(args: string[]): string[] {
  const end = args.indexOf('--');
  return end === -1 ? args : args.slice(0, end);
}

function writeFailureResult(
  context: CliContext,
  failure: { message: string; hint: string | undefined; exitCode: number; code: FailureCode },
): void {
  const event: ResultEvent = {
    type: 'result',
    time: Date.now(),
    status: failure.exitCode === exitCodes.usage ? 'usage-error' : 'error',
    exitCode: failure.exitCode,
    error: {
      code: failure.code,
      message: failure.message.split('\n')[0] ?? failure.message,
      ...(failure.hint === undefined ? {} : { hint: failure.hint }),
    },
  };
  printJson(context.stdout, event);
}

function reportFailure(
  context: CliContext,
  message: string,
  hint: string | undefined,
  exitCode: number = exitCodes.usage,
): number {
  // Messages quote arguments, paths, config values and provider replies: one sanitised line.
  const line = hint === undefined ? message : `${message}; ${hint}`;
  printText(context.stderr, own`${untrustedLine(line)}\n`);
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
    '            4 the --check command still fails, 130 interrupted (143 on SIGTERM, 129 on SIGHUP).',
    '',
    'The API key comes from ZAI_API_KEY (or the env var named by the config key `apiKeyEnv`).',
    'Config: ~/.config/wright/config.json, then .wright/config.json, then WRIGHT_* env vars, then flags.',
    'Docs: docs/cli.md',
  ].join('\n')}\n`;
}
