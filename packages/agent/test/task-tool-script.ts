import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ScriptedServer,
  type ScriptedServerOptions,
  type ScriptedTurn,
  startScriptedServer,
} from '@wright/testing';
import { afterEach, beforeEach } from 'vitest';
import type { AgentDefinition } from '../src/subagents/agent-definition.js';

// The scripted turns, agent definitions and scratch folder the `task` tool tests build their runs from.

/**
 * A fresh folder holding `files` for every test, and the scripted servers the test starts through `serve`; both
 * are gone after the test.
 */
export function useTaskScratch(files: Record<string, string>) {
  let root = '';
  const servers: ScriptedServer[] = [];
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wright-task-'));
    for (const [path, content] of Object.entries(files)) await writeFile(join(root, path), content);
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await rm(root, { recursive: true, force: true });
  });
  return {
    /** This test's folder. */
    root: () => root,
    /** Starts a scripted server, closed after the test. */
    async serve(options: ScriptedServerOptions): Promise<ScriptedServer> {
      const server = await startScriptedServer(options);
      servers.push(server);
      return server;
    },
  };
}

const usage = { promptTokens: 100, completionTokens: 10 };

/** A scripted turn of 100 input and 10 output tokens. */
export const turn = (value: ScriptedTurn): ScriptedTurn => ({ ...value, usage });

/** A turn calling these tools. */
export const calls = (...list: { name: string; arguments: Record<string, unknown> }[]) =>
  turn({ toolCalls: list });

/** A turn answering `content`. */
export const answer = (content: string, extra: Partial<ScriptedTurn> = {}) => turn({ content, ...extra });

/** A `task` call with `prompt` (its first words as the description), for `agent` or the default one. */
export const task = (prompt: string, agent?: string) => ({
  name: 'task',
  arguments: { description: prompt.slice(0, 20), prompt, ...(agent === undefined ? {} : { agent }) },
});

/** A definition made in code: `You are <name>.` with these tools (all the read-only ones when undefined). */
export function agent(name: string, tools: AgentDefinition['tools']): AgentDefinition {
  return {
    name,
    description: `the ${name} agent`,
    model: 'inherit',
    prompt: `You are ${name}.`,
    source: '',
    origin: 'options',
    ...(tools === undefined ? {} : { tools }),
  };
}
