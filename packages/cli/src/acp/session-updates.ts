import type { SessionUpdate, ToolCallContent } from '@agentclientprotocol/sdk';
import type { PlanStep, ToolResult } from '@wright/core';
import { contextWindowOf } from '../chat/compaction-threshold.js';
import type { DisplayEvent } from '../cli-events.js';
import type { ToolCallTracker } from './tool-call-tracker.js';
import { changeDiffs, textContent, toolKind, toolLocations, toolTitle } from './tool-call-view.js';

/** Characters of a tool's output shown in the editor's tool card (the model still reads all of it). */
const shownOutputCharacters = 8000;

/** What mapping a prompt's events needs. */
export type UpdateContext = {
  /** The workspace root (tool paths are relative to it; ACP wants absolute ones). */
  root: string;
  /** Model id, for its context window. */
  model: string;
  tracker: ToolCallTracker;
  /** The session's cost so far (USD), before this prompt. */
  costBefore: number;
};

/**
 * Maps the events of a run (loop, runner and CLI events) to ACP session updates, keeping the running cost. Events
 * without a counterpart (checkpoints, approval notes: approvals go out as permission requests) map to nothing.
 * A `plan` event (update_plan) maps to a `plan` update: the whole list of entries, each with its content, status
 * (Wright's statuses are ACP's) and priority `medium` (Wright's plans have none). A subagent's finished tool calls
 * (`subagent-event`) show in its `task` call's card, one line each, until the `task` call's own result replaces them.
 */
export function createUpdateMapper(context: UpdateContext): {
  map(event: DisplayEvent): SessionUpdate[];
  /** The session's cost so far (USD), this prompt included. */
  cost(): number;
} {
  let cost = context.costBefore;
  const subagentLines = new Map<string, string[]>();
  const map = (event: DisplayEvent): SessionUpdate[] => {
    switch (event.type) {
      case 'subagent-event': {
        const callId = String(event.parentCallId);
        const line = subagentCallLine(event);
        if (line === undefined) return [];
        const lines = [...(subagentLines.get(callId) ?? []), line];
        subagentLines.set(callId, lines);
        return [
          { sessionUpdate: 'tool_call_update', toolCallId: callId, content: [textContent(lines.join('\n'))] },
        ];
      }
      case 'reasoning-delta':
        return [
          { sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: String(event.delta) } },
        ];
      case 'text-delta':
        return [
          { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: String(event.delta) } },
        ];
      case 'message-retry':
        return [
          {
            sessionUpdate: 'agent_thought_chunk',
            content: { type: 'text', text: '\n\n(the model request failed; retrying it)\n\n' },
          },
        ];
      case 'tool-call-end': {
        const callId = String(event.id);
        const name = String(event.name);
        context.tracker.announce(callId, name);
        return [
          {
            sessionUpdate: 'tool_call',
            toolCallId: callId,
            name,
            title: toolTitle(name, event.input),
            kind: toolKind(name),
            status: 'pending',
            locations: toolLocations(name, event.input, context.root),
            rawInput: event.input ?? event.arguments,
          },
        ];
      }
      case 'tool-exec-start':
        context.tracker.settle(String(event.callId));
        return [
          { sessionUpdate: 'tool_call_update', toolCallId: String(event.callId), status: 'in_progress' },
        ];
      case 'tool-exec-progress':
        return [
          {
            sessionUpdate: 'tool_call_update',
            toolCallId: String(event.callId),
            content: [textContent(String(event.message))],
          },
        ];
      case 'tool-exec-end': {
        const callId = String(event.callId);
        const result = event.result as ToolResult;
        const diffs = changeDiffs(context.tracker.takeChanges(callId), context.root);
        const content: ToolCallContent[] = [...diffs];
        if (diffs.length === 0 || event.status !== 'ok') content.push(textContent(shortened(result.output)));
        return [
          {
            sessionUpdate: 'tool_call_update',
            toolCallId: callId,
            status: event.status === 'ok' ? 'completed' : 'failed',
            content,
            rawOutput: { status: event.status, output: result.output, display: result.display ?? null },
          },
        ];
      }
      case 'plan':
        return [planUpdate(Array.isArray(event.plan) ? (event.plan as PlanStep[]) : [])];
      case 'turn-end': {
        cost += Number(event.cost ?? 0);
        return [
          {
            sessionUpdate: 'usage_update',
            used: Number(event.contextTokens ?? 0),
            size: contextWindowOf(context.model),
            cost: { amount: cost, currency: 'USD' },
            _meta: { wright: { usage: event.usage, cacheHitRate: event.cacheHitRate, turnCost: event.cost } },
          },
        ];
      }
      default:
        return [];
    }
  };
  return { map, cost: () => cost };
}

/** ACP's `plan` update for the model's plan: every step as an entry (priority `medium`, statuses as they are). */
export function planUpdate(steps: readonly PlanStep[]): SessionUpdate {
  return {
    sessionUpdate: 'plan',
    entries: steps.map((entry) => ({
      content: String(entry.step),
      priority: 'medium',
      status: entry.status,
    })),
  };
}

/** `agent: tool (status)` for a subagent's finished tool call, however deeply nested; undefined for other events. */
function subagentCallLine(event: DisplayEvent): string | undefined {
  let inner = event;
  let agent = '';
  while (inner.type === 'subagent-event' && typeof inner.event === 'object' && inner.event !== null) {
    agent = String(inner.agent);
    inner = inner.event as DisplayEvent;
  }
  if (inner.type !== 'tool-exec-end') return undefined;
  return `${agent}: ${String(inner.name)} (${String(inner.status)})`;
}

function shortened(text: string): string {
  if (text.length <= shownOutputCharacters) return text;
  return `${text.slice(0, shownOutputCharacters)}\n… (${text.length - shownOutputCharacters} more characters)`;
}
