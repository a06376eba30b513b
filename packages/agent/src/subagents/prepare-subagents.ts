import type { AnyTool, Approver, ModelClient, PriceTable, ThinkingPolicy } from '@wright/core';
import type { RunnerEvent, TaskRun } from '@wright/runner';
import type { AgentDefinition } from './agent-definition.js';
import { loadAgentDefinitions } from './load-agent-definitions.js';
import { createTaskTool, type SubagentBudget } from './task-tool.js';

/** Subagent settings of `createCodingAgent` (see docs/agents.md). */
export type SubagentOptions = {
  /** The user's agents directory (the CLI passes `<config dir>/agents`); none by default. */
  userDirectory?: string;
  /** Agents defined in code; they win over files of the same name. */
  definitions?: AgentDefinition[];
  /** Makes a client for a definition's own model id; without it every subagent uses the parent's model. */
  modelFor?: (modelId: string) => ModelClient;
  /** How deep subagents nest (default 1: subagents cannot start their own; at most 3). */
  maxDepth?: number;
  /** Most `task` calls per reply (default 4, at most 16). */
  maxPerTurn?: number;
  /** Default budget of each subagent. */
  budget?: SubagentBudget;
};

/**
 * Loads the agent definitions of the project and the user and builds the `task` tool for one task; `notes` are
 * the files skipped and the fields or tools ignored, for the user to see.
 */
export async function prepareSubagents(options: {
  settings: SubagentOptions;
  projectDirectory: string;
  model: ModelClient;
  approve: Approver;
  parentTools: AnyTool[];
  thinking?: ThinkingPolicy | undefined;
  prices?: PriceTable | undefined;
}): Promise<{ tool: AnyTool; notes: string[] }> {
  const { settings } = options;
  const loaded = await loadAgentDefinitions({
    projectDirectory: options.projectDirectory,
    ...(settings.userDirectory === undefined ? {} : { userDirectory: settings.userDirectory }),
  });
  const own = settings.definitions ?? [];
  const definitions = [
    ...own,
    ...loaded.definitions.filter((loaded) => !own.some((definition) => definition.name === loaded.name)),
  ];
  const tool = createTaskTool({
    model: options.model,
    approve: options.approve,
    definitions,
    parentTools: options.parentTools,
    ...(settings.modelFor === undefined ? {} : { modelFor: settings.modelFor }),
    ...(options.thinking === undefined ? {} : { thinking: options.thinking }),
    ...(options.prices === undefined ? {} : { prices: options.prices }),
    ...(settings.budget === undefined ? {} : { budget: settings.budget }),
    ...(settings.maxDepth === undefined ? {} : { maxDepth: settings.maxDepth }),
    ...(settings.maxPerTurn === undefined ? {} : { maxPerTurn: settings.maxPerTurn }),
  });
  return { tool, notes: loaded.notes };
}

/** The task's events with one `task-warning` per note right after its `task-start`. */
export function withTaskWarnings(run: TaskRun, notes: readonly string[]): TaskRun {
  if (notes.length === 0) return run;
  return {
    result: run.result,
    workspace: run.workspace,
    async *[Symbol.asyncIterator](): AsyncIterator<RunnerEvent> {
      for await (const event of run) {
        yield event;
        if (event.type !== 'task-start') continue;
        for (const message of notes) {
          yield { type: 'task-warning', sessionId: event.sessionId, time: Date.now(), message };
        }
      }
    },
  };
}
