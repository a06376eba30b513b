import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { ScriptedServer } from '@wright/testing';
import { parseJsonLines } from '../cli-harness.js';

/** Every file, link and directory under `root` with its mode and a hash of its content (or link target). */
export async function hashTree(
  root: string,
  options: { skip?: string[] } = {},
): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  const skip = new Set(options.skip ?? []);
  const walk = async (directory: string): Promise<void> => {
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const path = join(directory, name);
      if (skip.has(path)) continue;
      const info = await lstat(path);
      const key = relative(root, path);
      const mode = (info.mode & 0o7777).toString(8);
      if (info.isSymbolicLink()) entries[key] = `link ${await readlink(path)}`;
      else if (info.isDirectory()) {
        entries[key] = `dir ${mode}`;
        await walk(path);
      } else entries[key] = `file ${mode} ${sha256(await readFile(path))}`;
    }
  };
  await walk(root);
  return entries;
}

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Writes a file (parents created), optionally executable. */
export async function plant(path: string, content: string, executable = false): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  if (executable) await chmod(path, 0o755);
}

/** A shell script that appends its name to `marker` when anything runs it. */
export function markerScript(marker: string, name: string): string {
  return `#!/bin/sh\necho ${name} >> '${marker}'\n`;
}

/** The `tool-exec-end` events of a `--json` run, by call id. */
export function toolResults(stdout: string): Map<string, { name: string; status: string; output: string }> {
  const results = new Map<string, { name: string; status: string; output: string }>();
  for (const event of parseJsonLines(stdout)) {
    if (event.type !== 'tool-exec-end') continue;
    const result = event.result as { output: string };
    results.set(String(event.callId), {
      name: String(event.name),
      status: String(event.status),
      output: result.output,
    });
  }
  return results;
}

/** The final `result` event of a `--json` run. */
export function finalResult(stdout: string): Record<string, unknown> | undefined {
  return parseJsonLines(stdout).find((event) => event.type === 'result');
}

/** The tool messages the model was sent in the server's last request, by call id. */
export function toolMessagesSeen(server: ScriptedServer): Map<string, string> {
  const seen = new Map<string, string>();
  const last = server.requests.at(-1)?.body as { messages?: Array<Record<string, unknown>> } | undefined;
  for (const message of last?.messages ?? []) {
    if (message.role === 'tool') seen.set(String(message.tool_call_id), String(message.content));
  }
  return seen;
}

/** Writes the user config file of a scratch area (trusted, unlike a project's `.wright/config.json`). */
export async function writeUserConfig(
  scratch: { env: Record<string, string> },
  config: Record<string, unknown>,
): Promise<void> {
  await plant(join(scratch.env.XDG_CONFIG_HOME ?? '', 'wright', 'config.json'), JSON.stringify(config));
}
