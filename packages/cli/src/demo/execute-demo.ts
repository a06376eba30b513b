import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dataDirectory, loadSettings } from '@wright/agent';
import { hardenedGitOptions } from '@wright/runner/internal';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue } from '../command-definition.js';
import { colorDiff } from '../render/color-diff.js';
import { printText } from '../render/print-text.js';
import { createRunOutput } from '../render/run-output.js';
import { fileName, own, type TerminalText, trusted, untrustedLine } from '../render/terminal-text.js';
import { demoSandbox } from '../sandbox/resolve-sandbox.js';
import { watchInterrupts } from '../session/interrupts.js';
import { resolveModelAccess } from '../session/model-access.js';
import { performRun } from '../session/perform-run.js';
import { createSampleRepo, demoCheck, demoTask } from './sample-repo.js';

/** The banner of the offline demo; it says plainly that no model is called. */
export const offlineBanner = 'OFFLINE DEMO (scripted GLM server, no model is called)';

/**
 * `wright demo`: a bug fix in a fresh sample repository through the real run path. With ZAI_API_KEY it asks
 * GLM-4.7; without it the scripted server from @wright/testing plays the model on 127.0.0.1.
 */
export async function executeDemo(input: CommandInput, context: CliContext): Promise<number> {
  const json = flagValue(input, 'json');
  const offline = flagValue(input, 'offline') || !hasKey(context.env.ZAI_API_KEY);
  const say = (text: TerminalText) => printText(json ? context.stderr : context.stdout, text);
  const repo = await createSampleRepo();
  const server = offline ? await startDemoServer() : undefined;
  try {
    if (offline) {
      say(own`\n  ${trusted(offlineBanner)}\n`);
      say(trusted('  Set ZAI_API_KEY to run the same task against GLM-4.7 for real.\n\n'));
    } else {
      say(trusted('\n  LIVE DEMO: GLM-4.7 is called with your ZAI_API_KEY (a few cents at most).\n\n'));
    }
    say(
      own`sample repository: ${fileName(repo)}\ntask: ${trusted(demoTask)}\ncheck: ${trusted(demoCheck)}\n\n`,
    );
    // The offline demo must not pick up the user's provider settings: it talks to its own server.
    const env = offline
      ? { ...context.env, ZAI_API_KEY: 'offline-demo', WRIGHT_PROVIDER: 'zai', WRIGHT_MODEL: 'glm-4.7' }
      : context.env;
    const flags = server === undefined ? { approval: 'full' } : { approval: 'full', baseUrl: server.baseUrl };
    const settings = await loadSettings({ env, projectDirectory: repo, flags });
    const access = resolveModelAccess(settings);
    const output = createRunOutput({ context, json, hintDirectory: repo });
    const sandbox = await demoSandbox(settings, env, (line) => output.warn(untrustedLine(line)));
    const interrupts = watchInterrupts();
    try {
      const result = await performRun({
        task: demoTask,
        cwd: repo,
        settings,
        access,
        check: demoCheck,
        worktree: false,
        dataDirectory: dataDirectory(env),
        output,
        signal: interrupts.signal,
        sandbox,
      });
      const stoppedBy = interrupts.exitCode();
      if (result.status === 'interrupted' && stoppedBy !== undefined) result.exitCode = stoppedBy;
      output.finish(result);
      const diff = await gitDiff(repo);
      say(own`\nThe diff in ${fileName(repo)}:\n`);
      say(own`${colorDiff(diff.trimEnd(), output.style)}\n`);
      if (offline) say(own`\n  ${trusted(offlineBanner)}: the steps above were scripted.\n`);
      return result.exitCode;
    } finally {
      interrupts.dispose();
    }
  } finally {
    await server?.close();
  }
}

function hasKey(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

async function startDemoServer() {
  const { loadScript, startScriptedServer } = await import('@wright/testing');
  const turns = await loadScript(fileURLToPath(new URL('./bug-fix-script.json', import.meta.url)));
  return startScriptedServer({ turns });
}

async function gitDiff(repo: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'git',
    [...hardenedGitOptions, 'diff', '--no-color', '--no-ext-diff', '--no-textconv'],
    { cwd: repo },
  );
  return stdout;
}
