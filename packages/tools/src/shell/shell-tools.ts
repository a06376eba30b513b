import { readFileSync } from 'node:fs';
import {
  type AnyTool,
  childEnvironment,
  type SandboxOptions,
  type Tool,
  type ToolResult,
} from '@wright/core';
import { explainSandboxFailure } from '@wright/core/internal';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import type { ToolKitState } from '../tool-kit-state.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import { type BackgroundProcesses, createBackgroundProcesses } from './background-processes.js';
import { prepareOutputDirectory } from './output-directory.js';
import { nonInteractiveEnvironment } from './process-group.js';
import { type CommandOutcome, runCommand } from './run-command.js';
import { refusalMessage, unsandboxedRerunNote } from './sandbox-messages.js';

const prompt = (name: string) => readFileSync(new URL(`./${name}.prompt.md`, import.meta.url), 'utf8');
const shellDescription = prompt('shell');
const outputDescription = prompt('shell-output');
const killDescription = prompt('shell-kill');

/** Options for the shell tools. */
export type ShellToolOptions = {
  /** Timeout when the model gives none, in ms. Default 120000. */
  defaultTimeoutMs?: number;
  /** Largest timeout the model may ask for, in ms. Default 600000. */
  maximumTimeoutMs?: number;
  /**
   * Variables removed from children and scrubbed from their output, besides ZAI_API_KEY and the credential names
   * of `isCredentialName` (@wright/core): the provider key's variable and the config's `secretEnv`.
   */
  secretEnv?: string[];
  /** Credential-looking variables passed to children anyway (config `passEnv`; exact names or `PREFIX*`). */
  passEnv?: string[];
  /** Extra environment variables for children. */
  env?: Record<string, string>;
  /** Registry for background processes; one is created when omitted. */
  processes?: BackgroundProcesses;
  /**
   * The sandbox every command (foreground and background) runs in; absent means none (`off`). When the mode is
   * confined and bwrap cannot run on this host, commands are refused with a tool error saying why.
   */
  sandbox?: SandboxOptions;
  /**
   * Asked when a foreground command failed because of the sandbox (its result got a sandbox note): true re-runs
   * that one command outside the sandbox. Meant for a person at a terminal; absent, nothing is asked.
   */
  askToRunUnsandboxed?: (request: { command: string; cwd: string; note: string }) => Promise<boolean>;
};

/** Creates `shell`, `shell_output` and `shell_kill`, sharing one background-process registry. */
export function createShellTools(state: ToolKitState, options: ShellToolOptions = {}): AnyTool[] {
  const processes = options.processes ?? createBackgroundProcesses();
  const shared = { ...options, processes };
  return [createShellTool(state, shared), createShellOutputTool(processes), createShellKillTool(processes)];
}

/** Creates the `shell` tool. */
export function createShellTool(state: ToolKitState, options: ShellToolOptions = {}) {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 120_000;
  const maximumTimeoutMs = options.maximumTimeoutMs ?? 600_000;
  const processes = options.processes ?? createBackgroundProcesses();
  const input = z.object({
    command: z.string().min(1).describe('The command line, run by bash.'),
    timeout_ms: z
      .number()
      .int()
      .min(1)
      .max(maximumTimeoutMs)
      .optional()
      .describe(`Timeout in milliseconds. Default ${defaultTimeoutMs}, at most ${maximumTimeoutMs}.`),
    cwd: z
      .string()
      .optional()
      .describe('Directory to run in, relative to the workspace root. Default the root.'),
    background: z.boolean().optional().describe('Start it in the background and return an id at once.'),
  });
  return defineTool({
    name: 'shell',
    description: shellDescription,
    effect: 'execute',
    input,
    timeoutMs: maximumTimeoutMs + 10_000,
    describe: async (call) => ({
      title: `${call.background ? 'Start in background: ' : '$ '}${firstLine(call.command)}`,
      detail: call.cwd ? `(in ${call.cwd})\n${call.command}` : call.command,
    }),
    async run(call, context): Promise<ToolResult> {
      const cwd = (await resolveWorkspacePath(context.workspace.root, call.cwd ?? '.')).absolute;
      const { env, secrets } = childEnvironment({
        ...(options.secretEnv ? { secretEnv: options.secretEnv } : {}),
        ...(options.passEnv ? { passEnv: options.passEnv } : {}),
        set: { ...nonInteractiveEnvironment, ...options.env },
      });
      if (call.background) {
        const status = await processes.start({
          command: call.command,
          cwd,
          env,
          secrets,
          outputDirectory: await prepareOutputDirectory(state, context.workspace),
          sandbox: options.sandbox,
          workspaceRoot: context.workspace.root,
        });
        return {
          output: `Started in the background with id ${status.id}. Read its output with shell_output (id "${status.id}"), stop it with shell_kill. Full output goes to ${status.outputPath}.`,
          display: { kind: 'command', command: call.command, exitCode: null, outputPath: status.outputPath },
        };
      }
      const timeoutMs = call.timeout_ms ?? defaultTimeoutMs;
      const run = async (sandbox: SandboxOptions | undefined) =>
        runCommand({
          command: call.command,
          cwd,
          env,
          secrets,
          timeoutMs,
          outputDirectory: await prepareOutputDirectory(state, context.workspace),
          signal: context.signal,
          sandbox,
          workspaceRoot: context.workspace.root,
        });
      let outcome = await run(options.sandbox);
      if (outcome.refused)
        return { output: refusalMessage(outcome.sandbox.mode, outcome.refused), isError: true };
      let note = failed(outcome) ? explainSandboxFailure(outcome.output.text, outcome.sandbox) : undefined;
      let prefix = '';
      if (note !== undefined && options.askToRunUnsandboxed !== undefined && !context.signal.aborted) {
        if (await options.askToRunUnsandboxed({ command: call.command, cwd, note })) {
          outcome = await run({ mode: 'off' });
          prefix = `${unsandboxedRerunNote}\n`;
          note = undefined;
        }
      }
      return {
        output: `${prefix}${formatOutcome(outcome, timeoutMs)}${note === undefined ? '' : `\n${note}`}`,
        isError: failed(outcome),
        display: {
          kind: 'command',
          command: call.command,
          exitCode: outcome.exitCode,
          ...(outcome.output.fullOutputPath ? { outputPath: outcome.output.fullOutputPath } : {}),
          ...(outcome.timedOut ? { timedOut: true } : {}),
        },
      };
    },
  });
}

function failed(outcome: CommandOutcome): boolean {
  return outcome.timedOut || outcome.aborted || outcome.exitCode !== 0;
}

function formatOutcome(outcome: CommandOutcome, timeoutMs: number): string {
  const body = outcome.output.text.length > 0 ? outcome.output.text.replace(/\n?$/, '\n') : '(no output)\n';
  if (outcome.timedOut) {
    return `${body}[Timed out after ${timeoutMs} ms; the command and everything it started were killed. Raise timeout_ms (maximum allowed by the tool) or run it with background: true.]`;
  }
  if (outcome.aborted) return `${body}[Cancelled; the command and everything it started were killed.]`;
  if (outcome.spawnError !== undefined) return `[${outcome.spawnError}]`;
  if (outcome.exitCode === null) return `${body}[Killed by signal ${outcome.signalName ?? 'unknown'}.]`;
  return `${body}[Exit code ${outcome.exitCode}]`;
}

function firstLine(command: string): string {
  const line = command.split('\n')[0] ?? '';
  return line.length < command.length ? `${line} …` : line;
}

const idInput = z.object({
  id: z.string().min(1).describe('The id returned by shell with background: true.'),
});

/** Creates `shell_output`: new output of a background process since the last read. */
export function createShellOutputTool(processes: BackgroundProcesses): Tool<z.infer<typeof idInput>> {
  return defineTool({
    name: 'shell_output',
    description: outputDescription,
    effect: 'read',
    input: idInput,
    async run(call) {
      const { output, droppedBytes, status } = processes.read(call.id);
      const dropped =
        droppedBytes > 0 ? `[${droppedBytes} older bytes skipped; see ${status.outputPath}]\n` : '';
      const state =
        status.state === 'running'
          ? `[${status.id} is still running]`
          : `[${status.id} ${status.state}${status.exitCode !== undefined ? `, exit code ${status.exitCode}` : ''}]`;
      return `${dropped}${output.length > 0 ? output.replace(/\n?$/, '\n') : '(no new output)\n'}${state}`;
    },
  });
}

/** Creates `shell_kill`: stops a background process and its whole process group. */
export function createShellKillTool(processes: BackgroundProcesses): Tool<z.infer<typeof idInput>> {
  return defineTool({
    name: 'shell_kill',
    description: killDescription,
    effect: 'execute',
    input: idInput,
    async run(call) {
      const before = processes.list().find((status) => status.id === call.id)?.state;
      const status = await processes.kill(call.id);
      const { output } = processes.read(call.id);
      const tail = output.length > 0 ? `\nLast output:\n${output.slice(-4000)}` : '';
      if (before !== 'running')
        return `${call.id} had already ${before} (exit code ${status.exitCode}).${tail}`;
      return `Killed ${call.id} and its process group.${tail}`;
    },
  });
}
