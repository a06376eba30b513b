#!/usr/bin/env node
import { processContext } from './cli-context.js';
import { runCli } from './run-cli.js';

// A closed stdout (`wright show last | head -1`) is not a crash: writes after it are dropped, and a run treats it as
// an interrupt (see watchInterrupts).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});
const args = process.argv.slice(2);
// With --json, and for `wright acp` (JSON-RPC on stdout), stdout carries JSON lines only: a plugin or MCP helper that
// logs with console.log writes to stderr.
const optionEnd = args.indexOf('--');
if (args[0] === 'acp' || (optionEnd === -1 ? args : args.slice(0, optionEnd)).includes('--json')) {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
}
const exitCode = await runCli(args, processContext());
// Exit once both streams have flushed, even when a handle (an MCP server, a keep-alive socket) lingers.
process.stdout.write('', () => {
  process.stderr.write('', () => process.exit(exitCode));
});
