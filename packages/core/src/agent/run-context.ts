import { randomUUID } from 'node:crypto';
import type { AgentEvent, AgentEventBody } from '../agent-events.js';
import type { Message } from '../messages.js';
import type { ToolSpec } from '../model-client.js';
import { copyPlan, type Plan } from '../plan.js';
import type { AnyTool } from '../tool.js';
import { addUsage, emptyUsage, type Usage } from '../usage.js';
import type { Workspace } from '../workspace.js';
import { estimateTokens } from './compaction.js';
import type { EventQueue } from './event-queue.js';
import { costOf, defaultPrices, lookupModel, type ModelPrice } from './prices.js';
import type { RunAgentOptions } from './run-agent-options.js';
import type { WorkState } from './state-summary.js';

/** The mutable state of one run, and the one place events are stamped and sent. */
export type RunContext = {
  options: RunAgentOptions;
  runId: string;
  sessionId: string;
  startedAt: number;
  /** Current model request number (0 before the first). */
  turn: number;
  steps: number;
  messages: Message[];
  usage: Usage;
  cost: number;
  /** Usage of compaction requests not yet reported in a `turn-end`. */
  unreportedUsage: Usage;
  /** Cost of those compaction requests. */
  unreportedCost: number;
  /** Tokens the context held at `anchorLength` messages (from the provider's usage when known). */
  anchorTokens: number;
  anchorLength: number;
  toolSpecs: ToolSpec[];
  toolsByName: Map<string, AnyTool>;
  /** The workspace tools get: the caller's, recording every changed path. */
  workspace: Workspace;
  work: WorkState;
  /** The model's current plan (from `options.plan`, then each `plan` event), re-injected by compaction. */
  plan: Plan | undefined;
  price: ModelPrice | undefined;
  /** Aborted by the caller's signal or by the time budget. */
  controller: AbortController;
  /** Why `controller` was aborted. */
  abortCause?: 'aborted' | 'time-budget';
  emit(body: AgentEventBody): void;
  append(message: Message): void;
  /** Tokens the next request is expected to send. */
  contextEstimate(): number;
  /** Records a model request's usage; returns its cost. */
  addModelUsage(usage: Usage | undefined): number;
  /** Records a subagent turn's usage and cost: in the run's totals, and in the next `turn-end` of this run. */
  addSubagentUsage(usage: Usage, cost: number): void;
};

export function createRunContext(options: RunAgentOptions, queue: EventQueue<AgentEvent>): RunContext {
  const tools = options.tools ?? [];
  const sessionId = options.sessionId ?? randomUUID();
  let seq = 0;
  const context: RunContext = {
    options,
    runId: randomUUID(),
    sessionId,
    startedAt: Date.now(),
    turn: 0,
    steps: 0,
    messages: [...(options.messages ?? [])],
    usage: emptyUsage(),
    cost: 0,
    unreportedUsage: emptyUsage(),
    unreportedCost: 0,
    anchorTokens: 0,
    anchorLength: 0,
    toolSpecs: tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
    })),
    toolsByName: new Map(tools.map((tool) => [tool.name, tool])),
    workspace: options.workspace,
    work: { steps: 0, touchedFiles: new Set(), recentCalls: [] },
    plan: options.plan === undefined ? undefined : copyPlan(options.plan),
    price: lookupModel({ ...defaultPrices, ...options.prices }, options.model.model),
    controller: new AbortController(),
    emit(body) {
      // One literal with one spread: spreading a separate envelope object first is ~30× slower per event.
      const event = {
        runId: context.runId,
        sessionId,
        seq: seq++,
        turn: context.turn,
        time: Date.now(),
        ...body,
      } as AgentEvent;
      queue.push(event);
      options.journal?.append(event);
    },
    append(message) {
      context.messages.push(message);
      context.emit({ type: 'message', message });
    },
    contextEstimate() {
      const appended = estimateTokens(context.messages.slice(context.anchorLength));
      if (context.anchorLength > 0) return context.anchorTokens + appended;
      return appended + Math.ceil(JSON.stringify(context.toolSpecs).length / 4);
    },
    addModelUsage(usage) {
      if (usage === undefined) return 0;
      const cost = costOf(usage, context.price);
      context.usage = addUsage(context.usage, usage);
      context.cost += cost;
      return cost;
    },
    addSubagentUsage(usage, cost) {
      context.usage = addUsage(context.usage, usage);
      context.cost += cost;
      context.unreportedUsage = addUsage(context.unreportedUsage, usage);
      context.unreportedCost += cost;
    },
  };
  context.workspace = recordingWorkspace(options.workspace, context.work.touchedFiles);
  return context;
}

/** Wraps a workspace so every applied change adds its paths to `touched`; other members pass through. */
function recordingWorkspace(workspace: Workspace, touched: Set<string>): Workspace {
  return new Proxy(workspace, {
    get(target, property) {
      if (property === 'applyChanges') {
        return async (...args: Parameters<Workspace['applyChanges']>) => {
          await target.applyChanges(...args);
          for (const change of args[0]) {
            if (change.renamedFrom !== undefined) touched.add(change.renamedFrom);
            touched.add(change.path);
          }
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
