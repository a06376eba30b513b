import type { AgentContext, PermissionOption, RequestPermissionResponse } from '@agentclientprotocol/sdk';
import { methods } from '@agentclientprotocol/sdk';
import type { PermissionRuleConfig } from '@wright/agent/internal';
import type { ApprovalDecision, ApprovalRequest } from '@wright/core';
import { createPermissionPolicy } from '@wright/tools';
import type { ToolCallTracker } from './tool-call-tracker.js';
import { proposedDiff, textContent, toolKind, toolTitle } from './tool-call-view.js';

/** The answers an editor offers, by option id. */
const permissionOptions = (rule: string): PermissionOption[] => [
  { optionId: 'allow-once', name: 'Allow', kind: 'allow_once' },
  { optionId: 'allow-always', name: `Always allow ${rule}`, kind: 'allow_always' },
  { optionId: 'reject-once', name: 'Reject', kind: 'reject_once' },
  { optionId: 'reject-always', name: `Always reject ${rule}`, kind: 'reject_always' },
];

/** "Always" answers of one session, as allow and deny rules (they join the configured rules at the next prompt). */
export type SessionRules = { allow: PermissionRuleConfig[]; deny: PermissionRuleConfig[] };

/**
 * Asks the editor (`session/request_permission`) whenever the permission policy would ask a person. "Always"
 * answers become session rules: a command for shell (that exact command), the whole tool otherwise. A cancelled
 * request (the prompt was cancelled, or the editor dismissed it) is a denial.
 */
export function createEditorApprover(options: {
  client: Pick<AgentContext, 'request'>;
  sessionId: string;
  root: string;
  tracker: ToolCallTracker;
  rules: SessionRules;
  /** The file's current text, for the diff of a write_file request (null when it does not exist). */
  readText: (path: string) => Promise<string | null>;
  /** Aborted when the prompt is cancelled: a pending request is withdrawn. */
  signal: AbortSignal;
}): (request: ApprovalRequest) => Promise<ApprovalDecision> {
  const { client, sessionId, root, tracker, rules, signal } = options;
  let unmatched = 0;
  return async (request) => {
    // An "always" answer given earlier in this prompt counts at once.
    const earlier = await createPermissionPolicy({ mode: 'full', rules: { deny: rules.deny } })(request);
    if (!isAllowed(earlier)) return earlier;
    const allowed = await createPermissionPolicy({ mode: 'read-only', rules: { allow: rules.allow } })(
      request,
    );
    if (request.effect !== 'read' && isAllowed(allowed)) return true;

    const toolCallId = tracker.awaitingApproval(request.toolName) ?? `approval-${++unmatched}`;
    tracker.settle(toolCallId);
    const rule = ruleFor(request);
    const path =
      typeof (request.input as { path?: unknown })?.path === 'string'
        ? (request.input as { path: string }).path
        : undefined;
    const current =
      request.toolName === 'write_file' && path !== undefined ? await options.readText(path) : null;
    const diff = proposedDiff(request.toolName, request.input, root, current);
    const detail = request.detail === undefined || request.detail === '' ? [] : [textContent(request.detail)];
    let response: RequestPermissionResponse;
    try {
      response = await client.request(
        methods.client.session.requestPermission,
        {
          sessionId,
          toolCall: {
            toolCallId,
            title: toolTitle(request.toolName, request.input) || request.title,
            kind: toolKind(request.toolName),
            status: 'pending',
            content: diff.length > 0 ? diff : detail,
            rawInput: request.input,
          },
          options: permissionOptions(ruleLabel(rule)),
        },
        { cancellationSignal: signal, stopWaitingOnCancel: true },
      );
    } catch {
      return {
        allowed: false,
        reason: 'The permission request was cancelled; the user did not allow this call.',
      };
    }
    const outcome = response.outcome;
    if (outcome.outcome === 'cancelled') {
      return {
        allowed: false,
        reason: 'The permission request was cancelled; the user did not allow this call.',
      };
    }
    switch (outcome.optionId) {
      case 'allow-once':
        return true;
      case 'allow-always':
        rules.allow.push(rule);
        return true;
      case 'reject-always':
        rules.deny.push(rule);
        return {
          allowed: false,
          reason: `The user rejected ${ruleLabel(rule)} for this session. Do not retry it.`,
        };
      default:
        return {
          allowed: false,
          reason: 'The user rejected this call in the editor. Do not retry it; ask or find another way.',
        };
    }
  };
}

function ruleFor(request: ApprovalRequest): PermissionRuleConfig {
  const command = (request.input as { command?: unknown } | null)?.command;
  if (request.toolName === 'shell' && typeof command === 'string')
    return { tool: 'shell', command: command.trim() };
  return { tool: request.toolName };
}

function ruleLabel(rule: PermissionRuleConfig): string {
  if (typeof rule === 'string') return rule;
  return rule.command === undefined ? rule.tool : `${rule.tool}(${rule.command})`;
}

function isAllowed(decision: ApprovalDecision): boolean {
  return typeof decision === 'boolean' ? decision : decision.allowed;
}
