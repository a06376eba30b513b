import type { ApprovalDecision, ApprovalRequest, Approver } from '@wright/core';
import { createPermissionPolicy } from '@wright/tools';
import type { CliEvent } from '../cli-events.js';
import type { Settings } from '../config/settings.js';

type Ask = (request: ApprovalRequest) => Promise<ApprovalDecision>;

/**
 * The approver of a run: the tools' permission policy (deny rules, allow rules, then the mode). When it must ask,
 * the person at the terminal is asked (chat); with nobody to ask (run, batch) the policy refuses with a reason the
 * model can act on. Calls the policy stops or asks about are reported as CLI events; plain allows stay quiet.
 */
export function createRunApprover(options: {
  settings: Pick<Settings, 'approvalMode' | 'approvalRules'>;
  ask?: Ask;
  emit: (event: CliEvent) => void;
}): Approver {
  const { settings, ask, emit } = options;
  const announce = (request: ApprovalRequest) =>
    emit({
      type: 'approval-request',
      time: Date.now(),
      toolName: request.toolName,
      effect: request.effect,
      title: request.title,
      ...(request.detail === undefined ? {} : { detail: request.detail }),
    });
  const report = (request: ApprovalRequest, decision: ApprovalDecision, by: 'policy' | 'user') => {
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
  };
  let asked = false;
  const policy = createPermissionPolicy({
    mode: settings.approvalMode,
    rules: settings.approvalRules,
    ...(ask === undefined
      ? {}
      : {
          ask: async (request: ApprovalRequest) => {
            asked = true;
            announce(request);
            const decision = await ask(request);
            report(request, decision, 'user');
            return decision;
          },
        }),
  });
  return async (request) => {
    asked = false;
    const decision = await policy(request);
    const allowed = typeof decision === 'boolean' ? decision : decision.allowed;
    if (!allowed && !asked) {
      announce(request);
      report(request, decision, 'policy');
    }
    return decision;
  };
}
