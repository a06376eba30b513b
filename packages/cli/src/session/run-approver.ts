import type { ApprovalDecision, ApprovalRequest, Approver } from '@wright/core';
import type { CliEvent } from '../cli-events.js';
import type { Settings } from '../config/settings.js';

type Ask = (request: ApprovalRequest) => Promise<ApprovalDecision>;

/**
 * The approver a run uses: configured rules first (first match wins), then the mode: `read-only` allows reads,
 * `auto-edit` also file edits, `full` everything. When the answer is `ask`, the person at the terminal is asked
 * (chat), or, with nobody to ask (run, batch), the call is refused with a reason the model can act on. Every
 * request and decision is reported as a CLI event.
 */
export function createRunApprover(options: {
  settings: Pick<Settings, 'approvalMode' | 'approvalRules'>;
  ask?: Ask;
  emit: (event: CliEvent) => void;
}): Approver {
  const { settings, ask, emit } = options;
  return async (request) => {
    const verdict = decide(settings, request);
    // Plain allows stay quiet; only calls the policy stops are worth an event.
    if (verdict === 'allow') return true;
    emit({
      type: 'approval-request',
      time: Date.now(),
      toolName: request.toolName,
      effect: request.effect,
      title: request.title,
      ...(request.detail === undefined ? {} : { detail: request.detail }),
    });
    let decision: ApprovalDecision;
    let by: 'policy' | 'user' = 'policy';
    if (verdict === 'ask' && ask !== undefined) {
      decision = await ask(request);
      by = 'user';
    } else if (verdict === 'ask') {
      decision = {
        allowed: false,
        reason: `Approval mode ${settings.approvalMode} needs a person to approve ${request.effect} actions and none is present; do without it.`,
      };
    } else {
      decision = { allowed: false, reason: `Denied by a configured approval rule (mode ${settings.approvalMode}).` };
    }
    const allowed = typeof decision === 'boolean' ? decision : decision.allowed;
    const reason = typeof decision === 'boolean' ? undefined : decision.reason;
    emit({
      type: 'approval-decision',
      time: Date.now(),
      toolName: request.toolName,
      allowed,
      by,
      ...(reason === undefined ? {} : { reason }),
    });
    return decision;
  };
}

function decide(
  settings: Pick<Settings, 'approvalMode' | 'approvalRules'>,
  request: ApprovalRequest,
): 'allow' | 'ask' | 'deny' {
  for (const rule of settings.approvalRules) {
    if (rule.tool !== undefined && rule.tool !== request.toolName) continue;
    if (rule.effect !== undefined && rule.effect !== request.effect) continue;
    if (rule.pattern !== undefined && !globMatch(rule.pattern, request.title)) continue;
    return rule.decision;
  }
  if (request.effect === 'read') return 'allow';
  if (settings.approvalMode === 'full') return 'allow';
  if (settings.approvalMode === 'auto-edit' && request.effect === 'write') return 'allow';
  return 'ask';
}

function globMatch(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(text);
}
