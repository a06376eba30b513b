import { createInterface } from 'node:readline';
import type { TrustPrompt } from '@wright/agent';
import type { CliContext } from '../../cli-context.js';
import { printText } from '../../render/print-text.js';
import { fileName, trusted } from '../../render/terminal-text.js';

/** Where trust decisions are shown and asked: the command's terminal. */
export type TrustTerminal = Pick<CliContext, 'stdin' | 'stdout' | 'stderr'>;

/**
 * The CLI's trust prompt: asks on the terminal when stdin and stdout are terminals, and prints one notice line on
 * stderr naming the ignored settings otherwise (or after a no).
 */
export function terminalTrust(terminal: TrustTerminal): TrustPrompt {
  return {
    ask: async (config) =>
      terminal.stdin.isTTY === true && terminal.stdout.isTTY === true
        ? askTrust(terminal, config.file, config.settings.join(', '))
        : false,
    ignored: (config) =>
      printText(
        terminal.stderr,
        trusted(
          `wright: ignoring ${config.settings.join(', ')} from the untrusted project config ${fileName(config.file)}; ` +
            'run `wright trust` in the project once you have checked it\n',
        ),
      ),
  };
}

async function askTrust(terminal: TrustTerminal, file: string, names: string): Promise<boolean> {
  const reader = createInterface({ input: terminal.stdin, output: terminal.stderr, terminal: false });
  const answer = await new Promise<string>((resolve) => {
    reader.once('close', () => resolve(''));
    reader.question(
      `wright: ${fileName(file)} sets ${names}, which can run code or send your API key elsewhere.\n` +
        'Trust this project config? Say yes only if you wrote or checked it. [y/N] ',
      resolve,
    );
  });
  reader.close();
  return /^\s*y(es)?\s*$/i.test(answer);
}
