import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type AgentEvent,
  type AgentRun,
  type AnyTool,
  createGlmClient,
  type GlmClientOptions,
  type ModelClient,
  type RunAgentOptions,
  reduceEvents,
  runAgent,
  type Tool,
  type ToolContext,
  type ToolEffect,
  type ToolResult,
  type Workspace,
} from '@wright/core';
import {
  checkAgentEventProtocol,
  type ScriptedServer,
  startScriptedServer,
  type TurnScript,
} from '@wright/testing';
import { expect } from 'vitest';
import { z } from 'zod';

/** A scripted server, a GLM client pointed at it, and a temp-dir workspace; `close` cleans everything up. */
export type Harness = {
  server: ScriptedServer;
  model: ModelClient;
  workspace: Workspace;
  root: string;
  close(): Promise<void>;
};

export async function startHarness(
  turns: TurnScript[],
  options: { loop?: boolean; client?: Partial<GlmClientOptions> } = {},
): Promise<Harness> {
  const server = await startScriptedServer({ turns, ...(options.loop ? { loop: true } : {}) });
  const model = createGlmClient({
    apiKey: 'test-key',
    baseUrl: server.baseUrl,
    maxRetries: 0,
    ...options.client,
  });
  const root = await mkdtemp(join(tmpdir(), 'wright-agent-'));
  return {
    server,
    model,
    workspace: createDiskWorkspace(root),
    root,
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A minimal workspace writing straight to disk (no conflict checks). */
export function createDiskWorkspace(root: string): Workspace {
  return {
    root,
    async applyChanges(changes) {
      for (const change of changes) {
        const path = join(root, change.path);
        await mkdir(dirname(path), { recursive: true });
        if (change.after === null) await rm(path, { force: true });
        else await writeFile(path, change.after);
      }
    },
  };
}

/** Builds a tool from a zod schema by hand (core does not depend on @wright/tools). */
export function makeTool<Schema extends z.ZodType>(definition: {
  name: string;
  effect?: ToolEffect;
  input: Schema;
  timeoutMs?: number;
  run(input: z.infer<Schema>, context: ToolContext): Promise<ToolResult>;
}): AnyTool {
  const tool: Tool<z.infer<Schema>> = {
    name: definition.name,
    description: `The ${definition.name} tool.`,
    effect: definition.effect ?? 'read',
    parameters: z.toJSONSchema(definition.input) as Record<string, unknown>,
    parse(raw) {
      const result = definition.input.safeParse(raw);
      return result.success
        ? { ok: true, value: result.data }
        : { ok: false, message: z.prettifyError(result.error) };
    },
    run: definition.run,
  };
  if (definition.timeoutMs !== undefined) return { ...tool, timeoutMs: definition.timeoutMs };
  return tool;
}

/** A read tool echoing `text`, and a write tool creating a file through the workspace. */
export function basicTools(): AnyTool[] {
  const echo = makeTool({
    name: 'echo',
    input: z.object({ text: z.string() }),
    run: async ({ text }) => ({ output: `echo: ${text}` }),
  });
  const writeFileTool = makeTool({
    name: 'write_file',
    effect: 'write',
    input: z.object({ path: z.string(), content: z.string() }),
    run: async ({ path, content }, context) => {
      await context.workspace.applyChanges([{ path, before: null, after: Buffer.from(content) }], {
        toolName: 'write_file',
        callId: context.callId,
      });
      return { output: `wrote ${path}` };
    },
  });
  return [echo, writeFileTool];
}

export async function collect(run: AgentRun): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of run) events.push(event);
  return events;
}

/**
 * Runs the agent to its end and fails the test when the events break the documented protocol
 * (`checkAgentEventProtocol`), or, for a run without prior messages, do not fold back into the result's history.
 */
export async function runChecked(options: RunAgentOptions) {
  const run = runAgent(options);
  const events = await collect(run);
  const result = await run.result;
  expect(checkAgentEventProtocol(events)).toEqual([]);
  if (options.messages === undefined) expect(reduceEvents(events).messages).toEqual(result.messages);
  return { events, result };
}

/** Request bodies without the per-attempt `request_id`. */
export function stableBodies(server: ScriptedServer): Record<string, unknown>[] {
  return server.requests.map((request) => {
    const { request_id: _requestId, ...body } = request.body as Record<string, unknown>;
    return body;
  });
}
