import type { Settings } from '@wright/agent';
import type { ApprovalDecision, ApprovalRequest, Approver } from '@wright/core';
import { createPermissionPolicy } from '@wright/tools';
import type { CliEvent } from '../cli-events.js';

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
  const policy = (
    ask !== undefined && settings.approvalMode === 'read-only' ? askingReadOnlyPolicy : createPermissionPolicy
  )({
    mode: settings.approvalMode,
    rules: settings.approvalRules,
    describeGrant: (rule) =>
      `the user can run with --approval full or add an allow rule (e.g. ${rule}) to .wright/config.json`,
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

/**
 * Read-only with someone to ask (chat): reads and allow-listed calls go ahead, deny rules refuse, and every other
 * call (an edit, a command) is asked about instead of refused.
 */
function askingReadOnlyPolicy(options: Parameters<typeof createPermissionPolicy>[0]): Approver {
  const denyRules = createPermissionPolicy({ mode: 'full', rules: { deny: options.rules?.deny ?? [] } });
  const readOnly = createPermissionPolicy({
    mode: 'read-only',
    ...(options.rules ? { rules: options.rules } : {}),
  });
  return async (request) => {
    const refused = await denyRules(request);
    if (!isAllowed(refused)) return refused;
    const allowed = await readOnly(request);
    if (isAllowed(allowed) || options.ask === undefined) return allowed;
    return options.ask(request);
  };
}

function isAllowed(decision: ApprovalDecision): boolean {
  return typeof decision === 'boolean' ? decision : decision.allowed;
}
