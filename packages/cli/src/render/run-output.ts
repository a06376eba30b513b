import type { CliContext } from '../cli-context.js';
import type { CliEvent, DisplayEvent } from '../cli-events.js';
import { formatRunSummary } from './format-run-summary.js';
import { createHumanRenderer, type RunTotals } from './human-renderer.js';
import { printJson, printText } from './print-text.js';
import { colorEnabled, createStyle, type Style } from './style.js';
import { createTerminalOutput } from './terminal-output.js';
import { own, type TerminalText } from './terminal-text.js';

export type ResultEvent = Extract<CliEvent, { type: 'result' }>;

/** Where a run's events go: a transcript for people, or JSON lines for programs. */
export type RunOutput = {
  /** True for `--json`. */
  readonly json: boolean;
  readonly style: Style;
  event(event: DisplayEvent): void;
  /** Prints transcript text (human mode only). */
  print(text: TerminalText): void;
  /** A line on stderr, in both modes (never on stdout in JSON mode). */
  warn(line: TerminalText): void;
  /** Ends the output: the summary, or the final `result` event. */
  finish(result: ResultEvent): void;
  /** Totals seen so far (human mode; zeros in JSON mode). */
  totals(): RunTotals | undefined;
  /** Runs a question to the person (an approval prompt) with the status line out of its way. */
  interact<Value>(ask: () => Promise<Value>): Promise<Value>;
};

export function createRunOutput(options: {
  context: CliContext;
  json: boolean;
  hideReasoning?: boolean;
  /** Adds `--cwd <dir>` to the closing hints, for a run outside the directory `wright` was started in. */
  hintDirectory?: string;
}): RunOutput {
  const { context, json } = options;
  if (json) {
    const style = createStyle(false);
    const line = (value: unknown) => printJson(context.stdout, value);
    return {
      json,
      style,
      event: line,
      print: () => {},
      warn: (text) => printText(context.stderr, own`${text}\n`),
      finish: line,
      totals: () => undefined,
      interact: (ask) => ask(),
    };
  }
  const style = createStyle(colorEnabled(context.stdout, context.env));
  const terminal = createTerminalOutput({
    stdout: context.stdout,
    stderr: context.stderr,
    liveStatus: context.stderr.isTTY === true && context.env.TERM !== 'dumb',
  });
  const renderer = createHumanRenderer({
    output: terminal,
    style,
    showReasoning: options.hideReasoning !== true,
  });
  return {
    json,
    style,
    event: (event) => renderer.render(event),
    print: (text) => terminal.write(text),
    warn(text) {
      terminal.endLine();
      terminal.close();
      printText(context.stderr, own`${text}\n`);
    },
    finish(result) {
      renderer.close();
      terminal.endLine();
      printText(context.stdout, formatRunSummary(result, style, options.hintDirectory));
    },
    totals: () => renderer.totals(),
    async interact(ask) {
      terminal.endLine();
      terminal.pause();
      try {
        return await ask();
      } finally {
        terminal.resume();
      }
    },
  };
}
