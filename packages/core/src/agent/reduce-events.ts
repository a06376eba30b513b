import type { AgentEvent, AgentEventBody } from '../agent-events.js';
import type { Message } from '../messages.js';
import type { Plan } from '../plan.js';
import { addUsage, emptyUsage, type Usage } from '../usage.js';

/** What a list of events folds into. */
export type ReducedEvents = {
  /** The history: `message` events appended in order, each `compaction-end` replacing everything before it. */
  messages: Message[];
  /** Session id of the first event, when there is one. */
  sessionId?: string;
  /** Ids of the runs seen, in order. */
  runIds: string[];
  /** Summed `turn-end` usage. */
  usage: Usage;
  /** Summed `turn-end` cost. */
  cost: number;
  /** The last `run-end`, when a run finished. */
  lastRunEnd?: Extract<AgentEventBody, { type: 'run-end' }>;
  /** The plan of the last `plan` event, when there is one. */
  plan?: Plan;
};

/** Folds events (of one run, or of every run of a session journal) back into the history and totals. */
export function reduceEvents(events: AgentEvent[]): ReducedEvents {
  let messages: Message[] = [];
  const runIds: string[] = [];
  let usage = emptyUsage();
  let cost = 0;
  let lastRunEnd: ReducedEvents['lastRunEnd'];
  let plan: Plan | undefined;
  for (const event of events) {
    if (!runIds.includes(event.runId)) runIds.push(event.runId);
    if (event.type === 'message') messages.push(event.message);
    else if (event.type === 'compaction-end') messages = [...event.messages];
    else if (event.type === 'turn-end') {
      usage = addUsage(usage, event.usage);
      cost += event.cost;
    } else if (event.type === 'run-end') lastRunEnd = event;
    else if (event.type === 'plan') {
      plan = { plan: event.plan };
      if (event.explanation !== undefined) plan.explanation = event.explanation;
    }
  }
  const reduced: ReducedEvents = { messages, runIds, usage, cost };
  if (events[0] !== undefined) reduced.sessionId = events[0].sessionId;
  if (lastRunEnd !== undefined) reduced.lastRunEnd = lastRunEnd;
  if (plan !== undefined) reduced.plan = plan;
  return reduced;
}
