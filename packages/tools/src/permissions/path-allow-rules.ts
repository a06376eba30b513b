import type { PathAllowRule } from '@wright/core';
import type { PermissionRule } from './permission-rule.js';

/**
 * The allow rules that carry a path glob, in the form core's protected-path check takes: `write_file(.env.example)`
 * or `{ tool, path }`. Only a rule that spells a protected name out opens that path (see `PathProtection.allow`);
 * malformed rules are left to `compileRule` to report.
 */
export function pathAllowRules(rules: readonly PermissionRule[]): PathAllowRule[] {
  const found: PathAllowRule[] = [];
  for (const rule of rules) {
    if (typeof rule === 'string') {
      const match = /^([^()\s]+)\((.*)\)$/s.exec(rule.trim());
      const path = match?.[2]?.trim();
      if (match && path) found.push({ tool: match[1]!, path });
    } else if (
      typeof rule === 'object' &&
      rule !== null &&
      typeof rule.path === 'string' &&
      rule.path !== ''
    ) {
      found.push({ tool: rule.tool, path: rule.path });
    }
  }
  return found;
}
