#!/usr/bin/env node
import { processContext } from './cli-context.js';
import { runCli } from './run-cli.js';

const exitCode = await runCli(process.argv.slice(2), processContext());
// Exit once both streams have flushed, even when a handle (an MCP server, a keep-alive socket) lingers.
process.stdout.write('', () => {
  process.stderr.write('', () => process.exit(exitCode));
});
