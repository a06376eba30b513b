import { Readable, Writable } from 'node:stream';
import { ndJsonStream } from '@agentclientprotocol/sdk';
import { dataDirectory } from '@wright/agent';
import type { CliContext } from '../cli-context.js';
import type { CommandInput } from '../command-definition.js';
import { exitCodes } from '../exit-codes.js';
import { printText } from '../render/print-text.js';
import { own, untrusted } from '../render/terminal-text.js';
import { readVersion } from '../run-cli.js';
import { settingFlags } from '../session/run-flags.js';
import { createAcpAgent } from './acp-agent.js';

/**
 * `wright acp`: serves one editor over stdin/stdout until it closes stdin (or the process is interrupted); then
 * running prompts are cancelled, which kills their processes. Only ACP messages go to stdout.
 */
export async function executeAcp(input: CommandInput, context: CliContext): Promise<number> {
  // Logs may quote the model or a server: they go through the terminal sanitiser like every other line.
  const log = (line: string) => printText(context.stderr, own`${untrusted(line)}\n`);
  const { app, cancelAll } = createAcpAgent({
    env: context.env,
    startDirectory: context.cwd,
    flags: settingFlags(input),
    dataDirectory: dataDirectory(context.env),
    version: readVersion(),
    log,
  });
  const stream = ndJsonStream(
    Writable.toWeb(context.stdout as Writable) as WritableStream<Uint8Array>,
    Readable.toWeb(context.stdin as Readable) as ReadableStream<Uint8Array>,
  );
  const connection = app.connect(stream);
  const stop = () => connection.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await connection.closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await cancelAll();
  }
  return exitCodes.ok;
}
