import type { ApprovalDecision, ApprovalRequest, Approver, ToolEffect } from '@wright/core';
import { wrightError } from '@wright/core';
import { analyseCommand, type CommandAnalysis } from './analyse-command.js';
import {
  type CompiledRule,
  compileRule,
  type PermissionRule,
  rulesCover,
  ruleTouches,
} from './permission-rule.js';

/** How much a run may do without asking. */
export type ApprovalMode = 'read-only' | 'auto-edit' | 'full';

/** What `createPermissionPolicy` takes. */
export type PermissionPolicyOptions = {
  /**
   * `read-only`: reads only (anything else denied unless an allow rule covers it); `auto-edit`: reads and file
   * writes, execute and network ask; `full`: everything (tools still confine paths to the workspace).
   */
  mode: ApprovalMode;
  /** Allow and deny rules; a matching deny rule always wins. */
  rules?: { allow?: PermissionRule[]; deny?: PermissionRule[] };
  /** Asks a person. Absent in non-interactive runs: requests that need asking are then denied, with a reason. */
  ask?: Approver;
  /**
   * How the host's user can allow what was refused for lack of someone to ask, worded for the host (a CLI names its
   * flag, an app its settings); `rule` is an allow rule that would cover the request. The model reads it in the
   * refusal. Default: "the application's permission policy must allow it (an allow rule such as <rule>)".
   */
  describeGrant?: (rule: string) => string;
};

const modeAllows: Record<ApprovalMode, Record<ToolEffect, 'allow' | 'ask' | 'deny'>> = {
  'read-only': { read: 'allow', write: 'deny', execute: 'deny', network: 'deny' },
  'auto-edit': { read: 'allow', write: 'allow', execute: 'ask', network: 'ask' },
  full: { read: 'allow', write: 'allow', execute: 'allow', network: 'allow' },
};

const effectWords: Record<ToolEffect, string> = {
  read: 'reading',
  write: 'file changes',
  execute: 'shell commands',
  network: 'network access',
};

/**
 * Builds the Approver for a run: deny rules, then allow rules, then the mode; when the mode says ask and there is
 * no one to ask, the request is denied with a reason the model can act on. Never hangs on its own.
 */
export function createPermissionPolicy(options: PermissionPolicyOptions): Approver {
  if (!(options.mode in modeAllows)) {
    throw wrightError(
      'invalid-options',
      `Unknown approval mode ${JSON.stringify(options.mode)}: use read-only, auto-edit or full.`,
    );
  }
  const deny = (options.rules?.deny ?? []).map(compileRule);
  const allow = (options.rules?.allow ?? []).map(compileRule);
  return async (request: ApprovalRequest): Promise<ApprovalDecision> => {
    const analysis = await analyseIfNeeded([...deny, ...allow], request);
    for (const rule of deny) {
      const match = ruleTouches(rule, request.toolName, request.input, analysis);
      if (match === 'none') continue;
      const why =
        match === 'match'
          ? ''
          : ` (the command cannot be checked against it: ${uncheckable(analysis)}; write it out plainly)`;
      return {
        allowed: false,
        reason: `${request.toolName} call denied by the rule ${rule.label}${why}. Do not retry it; find another way.`,
      };
    }
    if (rulesCover(allow, request.toolName, request.input, analysis)) return { allowed: true };
    const verdict = modeAllows[options.mode][request.effect] ?? 'ask';
    if (verdict === 'allow') return { allowed: true };
    if (verdict === 'deny') {
      return {
        allowed: false,
        reason: `This run is read-only: ${effectWords[request.effect]} (${request.toolName}) are not allowed. Use the read tools only, and say what you would change.`,
      };
    }
    if (!options.ask) {
      return {
        allowed: false,
        reason:
          `${capitalise(effectWords[request.effect])} need approval and no one can approve them in this non-interactive run; ` +
          `${(options.describeGrant ?? defaultGrant)(exampleRule(request))}. Continue without it.`,
      };
    }
    try {
      return normalise(await options.ask(request));
    } catch (error) {
      return { allowed: false, reason: `Approval failed: ${(error as Error).message ?? String(error)}` };
    }
  };
}

function defaultGrant(rule: string): string {
  return `the application's permission policy must allow it (an allow rule such as ${rule})`;
}

// The command is parsed once per request, and only when a rule for this tool has a command pattern.
async function analyseIfNeeded(
  rules: CompiledRule[],
  request: ApprovalRequest,
): Promise<CommandAnalysis | undefined> {
  const input = request.input as Record<string, unknown> | null;
  const command = typeof input?.command === 'string' ? input.command : undefined;
  if (command === undefined) return undefined;
  if (!rules.some((rule) => rule.command && rule.matchesTool(request.toolName))) return undefined;
  try {
    return await analyseCommand(command);
  } catch (error) {
    return { ok: false, reason: `the shell parser failed (${(error as Error).message})`, steps: 0 };
  }
}

function uncheckable(analysis: CommandAnalysis | undefined): string {
  if (analysis === undefined) return 'it was not analysed';
  if (!analysis.ok) return analysis.reason;
  return analysis.opaque ?? 'some of its words are only known when it runs';
}

function normalise(decision: ApprovalDecision): ApprovalDecision {
  if (typeof decision === 'boolean')
    return decision ? { allowed: true } : { allowed: false, reason: 'The user declined this call.' };
  return decision;
}

function exampleRule(request: ApprovalRequest): string {
  const input = request.input as Record<string, unknown> | null;
  const command =
    typeof input?.command === 'string' ? input.command.trim().split(/\s+/).slice(0, 2).join(' ') : undefined;
  if (command) return `${request.toolName}(${command}*)`;
  const url = typeof input?.url === 'string' && URL.canParse(input.url) ? new URL(input.url) : undefined;
  return url ? `${request.toolName}(domain:${url.hostname})` : request.toolName;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
