import type {
  AnyTool,
  Approver,
  ModelClient,
  PriceTable,
  RunResult,
  ThinkingPolicy,
  Tool,
  ToolContext,
  ToolResult,
} from '@wright/core';
import { runAgent, wrightError } from '@wright/core';
import { defineTool } from '@wright/tools';
import { z } from 'zod';
import type { AgentDefinition } from './agent-definition.js';
import { childRunOptions } from './child-run-options.js';
import { childEffect, selectChildTools, taskToolName } from './select-child-tools.js';
import { describeTaskTool, generalAgent, subagentFooter } from './task-tool-text.js';

/** Budgets of one subagent run, unless its definition sets its own. */
export type SubagentBudget = {
  /** Model requests; default 25. */
  maxSteps?: number;
  /** Input plus output tokens; default 400,000. */
  maxTotalTokens?: number;
  /** Wall clock in milliseconds; default 10 minutes. */
  maxDurationMs?: number;
};

/** The highest `maxDepth` allowed: subagents of subagents of subagents, no deeper. */
export const hardMaxDepth = 3;
/** The highest `maxPerTurn` allowed. */
export const hardMaxPerTurn = 16;

/** What `createTaskTool` takes. */
export type TaskToolOptions = {
  /** The parent's model; subagents whose definition says `inherit` (the default) use it. */
  model: ModelClient;
  /** Makes a client for a definition's own model id; without it, such definitions use `model` too. */
  modelFor?: (modelId: string) => ModelClient;
  /**
   * The approver of the parent run, asked before every call a subagent makes: the parent's approval mode and
   * permission rules apply to its subagents (pass the same approver as the parent's `runAgent`).
   */
  approve: Approver | undefined;
  /** Named agents the parent may choose from (`general`, the read-only default, is added unless one is named so). */
  definitions?: readonly AgentDefinition[];
  /**
   * The parent's tools, to tell read-only subagents from writing ones before a call runs. At run time subagents
   * get their tools from the tools the loop actually runs (`ToolContext.tools`), falling back to these.
   */
  parentTools: readonly AnyTool[];
  /** Subagent thinking when the definition does not say; default the loop's (`on`). */
  thinking?: ThinkingPolicy;
  /** Price table for the subagents' cost (the parent's). */
  prices?: PriceTable;
  /** Default budgets of each subagent. */
  budget?: SubagentBudget;
  /** How deep subagents may nest: 1 (default) lets the parent start subagents that cannot start their own. */
  maxDepth?: number;
  /** Most `task` calls one reply may make (default 4); the calls past it get an error result. */
  maxPerTurn?: number;
  /** This tool's own level: 0 for the parent's (set internally for nested ones). */
  depth?: number;
};

const taskInput = z.object({
  description: z.string().describe('A short title of the subtask (3 to 7 words), shown to the user.'),
  prompt: z
    .string()
    .min(1)
    .describe(
      'The complete, standalone task for the subagent: it sees nothing of this conversation. Say what to find ' +
        'or do, and what its answer must contain.',
    ),
  agent: z.string().optional().describe('The name of an agent from the list; default "general".'),
});

type TaskInput = z.infer<typeof taskInput>;

/**
 * The `task` tool: starts a subagent (`runAgent` with a fresh context) on a prompt the parent writes, with a subset
 * of the parent's tools and its own budget; only its final answer comes back as the result. Its events are
 * forwarded nested in the parent's stream (`subagent-event`) and its usage is counted in the parent's.
 */
export function createTaskTool(options: TaskToolOptions): Tool<TaskInput> {
  const depth = options.depth ?? 0;
  const maxDepth = options.maxDepth ?? 1;
  const maxPerTurn = options.maxPerTurn ?? 4;
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > hardMaxDepth) {
    throw wrightError(
      'invalid-options',
      `subagents: maxDepth must be a whole number from 1 to ${hardMaxDepth}`,
    );
  }
  if (!Number.isInteger(maxPerTurn) || maxPerTurn < 1 || maxPerTurn > hardMaxPerTurn) {
    throw wrightError(
      'invalid-options',
      `subagents: maxPerTurn must be a whole number from 1 to ${hardMaxPerTurn}`,
    );
  }
  const definitions = withGeneral(options.definitions ?? []);
  const budget = {
    maxSteps: options.budget?.maxSteps ?? 25,
    maxTotalTokens: options.budget?.maxTotalTokens ?? 400_000,
    maxDurationMs: options.budget?.maxDurationMs ?? 600_000,
  };
  const longest = Math.max(
    budget.maxDurationMs,
    ...definitions.map((definition) => (definition.maxSeconds ?? 0) * 1000),
  );
  const find = (name: string | undefined) => definitions.find((entry) => entry.name === (name ?? 'general'));
  // A `task` tool one level deeper, for subagents allowed to start their own; absent at the depth limit.
  const nestedFor = (tools: readonly AnyTool[]): AnyTool | undefined =>
    depth + 1 < maxDepth ? createTaskTool({ ...options, parentTools: tools, depth: depth + 1 }) : undefined;
  const childToolsOf = (definition: AgentDefinition, parentTools: readonly AnyTool[]) => {
    const plain = selectChildTools(
      { ...definition, tools: withoutTask(definition.tools) },
      parentTools,
      undefined,
    );
    if (!wantsTask(definition.tools)) return plain;
    return selectChildTools(definition, parentTools, nestedFor(plain.tools));
  };

  const tool = defineTool({
    name: taskToolName,
    description: describeTaskTool(definitions, maxPerTurn),
    effect: 'write',
    input: taskInput,
    // The subagent's own time budget ends it first; this only bounds a subagent that ignores its signal.
    timeoutMs: longest + 60_000,
    async describe(input) {
      return { title: `task (${input.agent ?? 'general'}): ${input.description}` };
    },
    async run(input, context): Promise<ToolResult> {
      const refusal = refuse(input, context, { depth, maxDepth, maxPerTurn, definitions });
      if (refusal !== undefined) return { output: refusal, isError: true };
      const definition = find(input.agent) as AgentDefinition;
      const { tools, notes } = childToolsOf(definition, context.tools ?? options.parentTools);
      const model = chooseModel(definition, options);
      const thinking = definition.thinking ?? options.thinking;
      const inherited = childRunOptions(
        {
          maxSteps: definition.maxSteps ?? budget.maxSteps,
          maxTotalTokens: definition.maxTokens ?? budget.maxTotalTokens,
          maxDurationMs:
            definition.maxSeconds === undefined ? budget.maxDurationMs : definition.maxSeconds * 1000,
        },
        context.callingRun,
      );
      if ('refusal' in inherited) return { output: inherited.refusal, isError: true };
      const run = runAgent({
        model,
        tools,
        workspace: context.workspace,
        system: `${definition.prompt === '' ? generalAgent.prompt : definition.prompt}\n\n${subagentFooter}`,
        prompt: input.prompt,
        ...(options.approve === undefined ? {} : { approve: options.approve }),
        ...(thinking === undefined ? {} : { thinking }),
        ...(options.prices === undefined ? {} : { prices: options.prices }),
        ...inherited.options,
        signal: context.signal,
      });
      for await (const event of run) context.emitSubagentEvent?.(definition.name, event);
      const result = await run.result;
      // A hook's `continue: false` stops the whole session, not only the subagent that made the call.
      if (result.reason === 'hook-stopped') context.callingRun?.stop(stopSentence(definition.name, result));
      return toToolResult(definition.name, result, notes);
    },
  });
  const effectOf = (input: TaskInput) => {
    const definition = find(input?.agent);
    return definition === undefined
      ? 'read'
      : childEffect(childToolsOf(definition, options.parentTools).tools);
  };
  return Object.assign(tool, { effectOf });
}

/** Why this call may not start a subagent (depth, fan-out, unknown agent), or undefined. */
function refuse(
  input: TaskInput,
  context: ToolContext,
  limits: { depth: number; maxDepth: number; maxPerTurn: number; definitions: readonly AgentDefinition[] },
): string | undefined {
  if (limits.depth >= limits.maxDepth) {
    return `Not run: subagents may not start subagents here (the depth limit is ${limits.maxDepth}). Do the work yourself.`;
  }
  const siblings = (context.calls ?? []).filter((call) => call.name === taskToolName);
  const position = siblings.findIndex((call) => call.id === context.callId);
  if (position >= limits.maxPerTurn) {
    return (
      `Not run: at most ${limits.maxPerTurn} task calls per reply, and this is number ${position + 1}. ` +
      'Wait for the results of the first ones, then start more if they are still needed.'
    );
  }
  const name = input.agent ?? 'general';
  if (!limits.definitions.some((definition) => definition.name === name)) {
    const names = limits.definitions.map((definition) => definition.name).join(', ');
    return `Not run: there is no agent named "${name}". Available agents: ${names}.`;
  }
  return undefined;
}

function chooseModel(definition: AgentDefinition, options: TaskToolOptions): ModelClient {
  if (definition.model === 'inherit' || definition.model === options.model.model) return options.model;
  return options.modelFor?.(definition.model) ?? options.model;
}

/** The subagent's final answer as the one result of the call; a run that did not finish is an error result. */
function toToolResult(agent: string, result: RunResult, notes: string[]): ToolResult {
  const display = {
    kind: 'json' as const,
    value: {
      agent,
      reason: result.reason,
      steps: result.steps,
      usage: result.usage,
      cost: result.cost,
      ...(notes.length === 0 ? {} : { notes }),
    },
  };
  const text = result.text.trim();
  if (result.reason === 'done') {
    return { output: text === '' ? `The subagent "${agent}" finished without an answer.` : text, display };
  }
  const parts = [`The subagent "${agent}" stopped before finishing (${result.reason}).`];
  if (result.summary !== undefined) parts.push(result.summary);
  if (text !== '') parts.push(`Its last answer:\n${text}`);
  return { output: parts.join('\n\n'), isError: true, display };
}

/** The parent's stop sentence for a subagent a hook stopped: the subagent's own, naming the subagent. */
function stopSentence(agent: string, result: RunResult): string {
  const first = (result.summary ?? '').split('\n')[0]?.replace(/ Steps taken: \d+\.$/, '') ?? '';
  return `In the subagent "${agent}": ${first === '' ? 'a hook ended the run.' : first}`;
}

function withGeneral(definitions: readonly AgentDefinition[]): AgentDefinition[] {
  const list = [...definitions];
  if (!list.some((definition) => definition.name === generalAgent.name)) list.push(generalAgent);
  return list.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

function wantsTask(tools: AgentDefinition['tools']): boolean {
  return tools === 'all' || (tools ?? []).includes(taskToolName);
}

function withoutTask(tools: AgentDefinition['tools']): AgentDefinition['tools'] {
  return Array.isArray(tools) ? tools.filter((name) => name !== taskToolName) : tools;
}
