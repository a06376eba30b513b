import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createCodingAgent, type HooksConfig } from '@wright/agent';
import { createGlmClient } from '@wright/core';

const node = JSON.stringify(process.execPath);
const script = (name: string) => JSON.stringify(fileURLToPath(new URL(`./hooks/${name}`, import.meta.url)));

// #region hooks-config
/** The hooks of this example, as they would stand under "hooks" in ~/.config/wright/config.json. */
export const hooks: HooksConfig = {
  pre_tool_use: [
    {
      matcher: 'shell',
      hooks: [{ type: 'command', command: `${node} ${script('guard-shell.mjs')}`, timeout: 10 }],
    },
  ],
  post_tool_use: [
    {
      matcher: 'write_file|edit_file',
      hooks: [{ type: 'command', command: `${node} ${script('trailing-space.mjs')}`, timeout: 10 }],
    },
  ],
};
// #endregion hooks-config

/** Where the example talks to and works in. */
export type HooksExampleOptions = {
  /** Z.AI's key, or the scripted server's. */
  apiKey: string;
  /** The scripted server in tests; absent: Z.AI. */
  baseUrl?: string;
  /** A git repository to work in. */
  directory: string;
  /** Where sessions and checkpoints go. */
  dataDirectory: string;
  /** The task. */
  task: string;
};

/** Runs a task with the hooks above, in the bwrap sandbox as `wright run` does; returns one line per tool result. */
export async function runWithHooks(options: HooksExampleOptions): Promise<string[]> {
  const agent = createCodingAgent({
    cwd: options.directory,
    model: createGlmClient({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    }),
    dataDirectory: options.dataDirectory,
    approval: { mode: 'full' },
    sandbox: { mode: 'workspace-write' },
    hooks,
  });
  const lines: string[] = [];
  for await (const event of agent.run(options.task)) {
    if (event.type === 'hook-run' && event.outcome !== 'ok')
      lines.push(`hook ${event.event}: ${event.outcome}`);
    if (event.type === 'tool-exec-end') lines.push(`${event.name} → ${event.status}: ${event.result.output}`);
  }
  return lines;
}

/** A one-commit git repository to run in. */
export async function createRepository(directory: string): Promise<void> {
  const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: directory });
  await writeFile(join(directory, 'README.md'), '# demo\n');
  await git('init', '-q', '-b', 'main');
  await git('add', '.');
  await git(
    '-c',
    'user.name=Example',
    '-c',
    'user.email=example@wright.invalid',
    'commit',
    '-q',
    '-m',
    'start',
  );
}
