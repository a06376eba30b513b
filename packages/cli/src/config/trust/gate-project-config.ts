import { createInterface } from 'node:readline';
import type { CliContext } from '../../cli-context.js';
import { printText } from '../../render/print-text.js';
import { fileName, trusted } from '../../render/terminal-text.js';
import type { ConfigFile } from '../config-schema.js';
import { withoutGatedSettings } from './gated-settings.js';
import { isTrusted, trustProject } from './trust-store.js';

/** Where trust decisions are shown and asked: the command's terminal. */
export type TrustTerminal = Pick<CliContext, 'stdin' | 'stdout' | 'stderr'>;

/** A project config file as trust sees it. */
export type ProjectConfigSource = {
  /** The config file's path. */
  file: string;
  /** Real path of the project directory (the one holding `.wright/`): what trust is tied to. */
  project: string;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
};

/**
 * What of a project config applies. Without gated settings, or when the user trusted this project with exactly
 * this file (`wright trust`, or a yes at the prompt shown when stdin and stdout are terminals): all of it.
 * Otherwise the config without its gated settings, and one notice line on stderr naming them.
 */
export async function gateProjectConfig(options: {
  config: ConfigFile;
  source: ProjectConfigSource;
  storeFile: string;
  terminal?: TrustTerminal;
}): Promise<ConfigFile> {
  const { config, source, storeFile, terminal } = options;
  const gated = withoutGatedSettings(config);
  if (gated.removed.length === 0) return config;
  if (await isTrusted(storeFile, source.project, source.sha256)) return config;
  const names = gated.removed.join(', ');
  if (terminal?.stdin.isTTY === true && terminal.stdout.isTTY === true) {
    if (await askTrust(terminal, source.file, names)) {
      await trustProject(storeFile, source.project, source.sha256);
      return config;
    }
  }
  if (terminal) {
    printText(
      terminal.stderr,
      trusted(
        `wright: ignoring ${names} from the untrusted project config ${fileName(source.file)}; ` +
          'run `wright trust` in the project once you have checked it\n',
      ),
    );
  }
  return gated.config;
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
