import { spawn } from 'node:child_process';
import { loadSettings } from '@wright/agent';
import { childEnvironment, probeSandbox } from '@wright/core';
import { prepareSandboxedCommand } from '@wright/core/internal';
import { nonInteractiveEnvironment } from '@wright/tools/internal';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue, stringValue } from '../command-definition.js';
import { CliFailure, exitCodes, usageFailure } from '../exit-codes.js';
import { printText } from '../render/print-text.js';
import { own, untrusted, untrustedLine } from '../render/terminal-text.js';
import { workspaceDirectory } from '../session/run-flags.js';
import { secretPolicy } from '../session/secret-policy.js';
import { announceSandbox, describeSandbox, resolveSandbox } from './resolve-sandbox.js';

/** `wright sandbox`: one command in the agent's sandbox, or `--probe`. */
export async function executeSandbox(input: CommandInput, context: CliContext): Promise<number> {
  const cwd = await workspaceDirectory(input, context.cwd);
  const mode = stringValue(input, 'mode');
  const network = stringValue(input, 'network');
  const settings = await loadSettings({
    env: context.env,
    projectDirectory: cwd,
    flags: {
      ...(mode === undefined ? {} : { sandbox: mode }),
      ...(network === undefined ? {} : { network }),
    },
  });
  if (mode !== undefined) settings.sandbox.modeSource = '--mode';
  if (flagValue(input, 'probe')) {
    if (input.positionals.length > 0)
      throw usageFailure('wright sandbox: --probe takes no command', 'drop the command or --probe');
    return reportProbe(settings, context);
  }
  if (input.positionals.length === 0) {
    throw usageFailure(
      'wright sandbox: no command given',
      "put it after '--', e.g. wright sandbox -- npm test",
    );
  }
  const warn = (line: string) => printText(context.stderr, own`${untrustedLine(line)}\n`);
  const sandbox = await announceSandbox(settings, context.env, warn, { reportUnavailable: false });
  warn(`wright sandbox: ${describeSandbox(settings, sandbox)}; workspace ${cwd}`);
  const { env } = childEnvironment({
    ...secretPolicy(settings),
    base: context.env,
    set: nonInteractiveEnvironment,
  });
  const prepared = await prepareSandboxedCommand({
    argv: input.positionals,
    cwd,
    env,
    workspaceRoot: cwd,
    sandbox,
  });
  if (!prepared.ready) {
    throw new CliFailure(
      exitCodes.failure,
      `wright sandbox: not run: the sandbox (${sandbox.mode}) is unavailable: ${prepared.reason}`,
      `${prepared.fix}; or set WRIGHT_BWRAP to a working bwrap, or pass --mode off`,
    );
  }
  return runForeground(prepared.file, prepared.args, cwd, prepared.env, context);
}

/** Runs the program with the terminal's stdout and stderr, stdin closed as the agent's shell has it. */
function runForeground(
  file: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  context: CliContext,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.pipe(context.stdout, { end: false });
    child.stderr.pipe(context.stderr, { end: false });
    const stop = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const signal of signals) process.on(signal, stop);
    child.on('error', (error) => {
      printText(
        context.stderr,
        own`wright sandbox: could not start ${untrustedLine(file)}: ${untrustedLine(error.message)}\n`,
      );
    });
    child.on('close', (code, signal) => {
      for (const name of signals) process.off(name, stop);
      stop();
      resolve(code ?? 128 + signalNumber(signal));
    });
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return signal === null ? 0 : (numbers[signal] ?? 0);
}

async function reportProbe(
  settings: Awaited<ReturnType<typeof loadSettings>>,
  context: CliContext,
): Promise<number> {
  const sandbox = resolveSandbox(settings, context.env);
  const probe = await probeSandbox(sandbox.bwrapPath);
  const lines = [
    `bwrap: ${probe.bwrapPath}${probe.version === undefined ? '' : ` (${probe.version})`}`,
    probe.available
      ? 'sandbox: available (PID, IPC and network namespaces, read-only binds, fresh /proc and /tmp)'
      : `sandbox: UNAVAILABLE: ${probe.reason}`,
    ...(probe.available ? [] : [`fix: ${probe.fix}; or set WRIGHT_BWRAP to a working bwrap`]),
    `in effect here: ${describeSandbox(settings, sandbox)}`,
    `hidden from commands: ${(sandbox.hiddenPaths ?? []).join(', ')}`,
  ];
  printText(context.stdout, untrusted(`${lines.join('\n')}\n`));
  return probe.available ? exitCodes.ok : exitCodes.failure;
}
