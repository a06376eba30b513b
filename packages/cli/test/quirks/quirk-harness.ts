import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type AgentEvent,
  type AnyTool,
  createGlmClient,
  type GlmClientOptions,
  type Message,
  type RunAgentOptions,
  type RunResult,
  runAgent,
} from '@wright/core';
import {
  checkAgentEventProtocol,
  type RecordedRequest,
  type ScriptedServer,
  type ServerProfileName,
  startScriptedServer,
  type TurnScript,
} from '@wright/testing';
import {
  createBackgroundProcesses,
  createBuiltinTools,
  createFileWorkspace,
  defineTool,
} from '@wright/tools';
import { expect } from 'vitest';
import { z } from 'zod';

/** The bug every scenario fixes: `range(1, 4)` misses its last number. */
export const buggyRange =
  'export function range(start, end) {\n  const out = [];\n  for (let value = start; value < end - 1; value++) out.push(value);\n  return out;\n}\n';

/** What one full-loop run through the quirk-injecting server produced. */
export type QuirkRun = {
  result: RunResult;
  events: AgentEvent[];
  requests: RecordedRequest[];
  root: string;
  read(path: string): Promise<string>;
};

/** A real tool without parameters (for `{}{}` and empty-argument shapes). */
const listRoot = defineTool({
  name: 'list_root',
  description: 'Lists the top-level entries of the workspace.',
  effect: 'read',
  input: z.object({}),
  run: async () => 'src\nnotes.json',
});

export type QuirkRunOptions = {
  /** Server profile (default `zai`). */
  profile?: ServerProfileName;
  /** Client provider (default `zai`). */
  provider?: GlmClientOptions['provider'];
  client?: Partial<GlmClientOptions>;
  run?: Partial<RunAgentOptions>;
  /** Replace the server's turns' tool list check. */
  loop?: boolean;
};

const open: Array<() => Promise<void>> = [];

/** Stops every server and removes every directory the runs of a test made. */
export async function cleanUpQuirkRuns(): Promise<void> {
  while (open.length > 0) await open.pop()?.();
}

/**
 * Runs the real agent loop with the real GLM client and Wright's built-in tools (plus `list_root`) in a fresh
 * directory against a scripted server mangling its turns, then checks what must hold whatever the quirk: the event
 * protocol (every call exactly one result), exact call/result pairing in the history and in every request, and
 * reasoning sent back byte for byte.
 */
export async function runThroughQuirks(
  turns: TurnScript[],
  options: QuirkRunOptions = {},
): Promise<QuirkRun> {
  const server: ScriptedServer = await startScriptedServer({
    turns,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.loop ? { loop: true } : {}),
  });
  const root = await mkdtemp(join(tmpdir(), 'wright-quirks-'));
  const processes = createBackgroundProcesses();
  open.push(async () => {
    processes.killAll();
    await server.close();
    await rm(root, { recursive: true, force: true });
  });
  await writeFiles(root, { 'src/range.js': buggyRange, 'notes.json': '{}\n' });
  const tools: AnyTool[] = [...createBuiltinTools({ processes }), listRoot];
  const model = createGlmClient({
    provider: options.provider ?? 'zai',
    apiKey: 'test-key',
    baseUrl: server.baseUrl,
    maxRetries: 2,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    ...options.client,
  });
  const run = runAgent({
    model,
    tools,
    workspace: await createFileWorkspace(root),
    prompt: 'range(1, 4) should return [1, 2, 3]; fix it.',
    ...options.run,
  });
  const events: AgentEvent[] = [];
  for await (const event of run) events.push(event);
  const result = await run.result;
  expect(checkAgentEventProtocol(events)).toEqual([]);
  expectExactPairing(result.messages);
  for (const request of server.requests) expectWirePairing(request);
  expectReasoningRoundTrips(result.messages, server.requests);
  return {
    result,
    events,
    requests: server.requests,
    root,
    read: (path) => readFile(join(root, path), 'utf8'),
  };
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** Every assistant message's calls are followed by exactly their results, one each, in call order. */
export function expectExactPairing(messages: Message[]): void {
  messages.forEach((message, position) => {
    if (message.role !== 'assistant' || (message.toolCalls ?? []).length === 0) return;
    const ids = (message.toolCalls ?? []).map((call) => call.id);
    expect(new Set(ids).size).toBe(ids.length);
    const results = messages.slice(position + 1, position + 1 + ids.length);
    expect(
      results.map((result) => (result.role === 'tool' ? result.toolCallId : `<${result.role}>`)),
    ).toEqual(ids);
  });
}

/** The same pairing as the server saw it: each assistant `tool_calls` followed by one `tool` message per id. */
function expectWirePairing(request: RecordedRequest): void {
  const messages = (request.body?.messages ?? []) as Array<Record<string, unknown>>;
  messages.forEach((message, position) => {
    const calls = (message.tool_calls ?? []) as Array<{ id: string }>;
    if (message.role !== 'assistant' || calls.length === 0) return;
    const next = messages.slice(position + 1, position + 1 + calls.length);
    expect(next.map((result) => result.tool_call_id)).toEqual(calls.map((call) => call.id));
  });
}

/** Each assistant message's reasoning reaches every later request unchanged (under either field name). */
function expectReasoningRoundTrips(messages: Message[], requests: RecordedRequest[]): void {
  const later = requests.at(-1)?.body?.messages as Array<Record<string, unknown>> | undefined;
  if (later === undefined) return;
  const sent = later.filter((message) => message.role === 'assistant');
  const kept = messages.filter((message) => message.role === 'assistant');
  for (const message of kept.slice(0, sent.length)) {
    const match = sent.find((wire) => (wire.reasoning_content ?? wire.reasoning) === message.reasoning);
    if (message.reasoning !== undefined)
      expect(match, `reasoning ${JSON.stringify(message.reasoning)}`).toBeDefined();
  }
}

/** The statuses of the tool calls, in order. */
export function execStatuses(events: AgentEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'tool-exec-end' ? [`${event.name}:${event.status}`] : []));
}

/** The `tool-exec-end` results, in order. */
export function execOutputs(events: AgentEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'tool-exec-end' ? [event.result.output] : []));
}

/** The errors of every `message-retry`. */
export function retries(events: AgentEvent[]): Array<{ code: string; message: string }> {
  return events.flatMap((event) =>
    event.type === 'message-retry' ? [{ code: event.error.code, message: event.error.message }] : [],
  );
}
