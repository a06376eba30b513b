import { readdirSync, readFileSync } from 'node:fs';
import type { AnyTool, ToolResult } from '@wright/core';
import { createShellTools } from '@wright/tools';
import type { createTestKit } from './tool-context.js';

type TestKit = Awaited<ReturnType<typeof createTestKit>>;

/** The shell tools of `kit`, called by name with raw input the way the loop calls them (parse, then run). */
export function shellCaller(kit: TestKit, options: Parameters<typeof createShellTools>[1]) {
  const list = createShellTools(kit.state, options);
  const tools: Record<string, AnyTool> = Object.fromEntries(list.map((tool) => [tool.name, tool]));
  return async (name: string, input: Record<string, unknown>): Promise<ToolResult> => {
    const tool = tools[name]!;
    const parsed = tool.parse(input);
    if (!parsed.ok) throw new Error(parsed.message);
    return tool.run(parsed.value, kit.context);
  };
}

/** Processes whose command line contains `marker`, found through the host's /proc (zombies left out). */
export function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      if (commandLine.includes(marker) && state !== 'Z') found.push(`${pid}: ${commandLine}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/**
 * Whether `check` holds within `timeoutMs` (checked every 100 ms). Generous, and a deadline rather than a count of
 * tries: on a loaded machine a process takes a while to start or to be reaped, and each check itself takes time.
 */
export async function eventually(check: () => boolean, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** A number-like marker no other test's command line contains. */
export const unique = () =>
  `${Math.floor(Math.random() * 900 + 100)}.${Math.floor(Math.random() * 9000 + 1000)}`;
