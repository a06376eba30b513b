import type { Settings } from '@wright/agent';
import type { PathProtection } from '@wright/core';
import { defaultProtectedPaths } from '@wright/core/internal';
import { pathAllowRules } from '@wright/tools';

/** The protected paths of a run: the defaults plus `protectedPaths`, opened only by allow rules naming them. */
export function pathProtection(settings: Pick<Settings, 'protectedPaths' | 'approvalRules'>): PathProtection {
  return {
    patterns: [...defaultProtectedPaths, ...settings.protectedPaths],
    allow: pathAllowRules(settings.approvalRules.allow),
  };
}
