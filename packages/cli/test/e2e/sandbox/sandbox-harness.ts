import { startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { type CliRun, parseJsonLines, runCliProcess, startCli } from '../cli-harness.js';

/** One shell call the scripted model makes. */
export type ModelCommand =
  | string
  | { command: string; timeout_ms?: number; background?: boolean; cwd?: string };

/** What a run of scripted shell calls produced. */
export type ModelCommandsRun = {
  run: CliRun;
  /** The output of each shell call, as the model read it, in order. */
  outputs: string[];
  /** The `--json` events. */
  events: Array<{ type: string; [key: string]: unknown }>;
};

/** The scripted turns: one shell call per turn, then a closing text. */
export function shellTurns(commands: ModelCommand[]) {
  return [
    ...commands.map((command) =>
      toolCallTurn([{ name: 'shell', arguments: typeof command === 'string' ? { command } : command }]),
    ),
    textTurn('Done.'),
  ];
}

/**
 * `wright run --json --approval full` (default sandbox flags unless `flags` say otherwise) in `repo`, the scripted
 * model making each call in turn. Resolves once the CLI exits.
 */
export async function runModelCommands(options: {
  repo: string;
  env: Record<string, string>;
  commands: ModelCommand[];
  flags?: string[];
}): Promise<ModelCommandsRun> {
  const server = await startScriptedServer({ turns: shellTurns(options.commands) });
  try {
    const run = await runCliProcess(
      [
        'run',
        '--base-url',
        server.baseUrl,
        '--json',
        '--approval',
        'full',
        ...(options.flags ?? []),
        'do it',
      ],
      { cwd: options.repo, env: options.env },
    );
    const events = parseJsonLines(run.stdout);
    const outputs = events
      .filter((event) => event.type === 'tool-exec-end')
      .map((event) => String((event.result as { output?: unknown } | undefined)?.output ?? ''));
    return { run, outputs, events };
  } finally {
    await server.close();
  }
}

/** Starts the same run without waiting, for tests that interrupt it. */
export async function startModelCommands(options: {
  repo: string;
  env: Record<string, string>;
  commands: ModelCommand[];
  flags?: string[];
}) {
  const server = await startScriptedServer({ turns: shellTurns(options.commands) });
  const started = startCli(
    ['run', '--base-url', server.baseUrl, '--json', '--approval', 'full', ...(options.flags ?? []), 'do it'],
    { cwd: options.repo, env: options.env },
  );
  return { ...started, close: () => server.close() };
}

/** A sleep length no other process uses, so `processesWith` finds only ours. */
export function uniqueSleep(): string {
  return `${Math.floor(Math.random() * 900 + 1000)}.${Math.floor(Math.random() * 9000 + 1000)}`;
}
