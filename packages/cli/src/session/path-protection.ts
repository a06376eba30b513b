import type { Settings } from '@wright/agent';
import { defaultProtectedPaths, type PathProtection } from '@wright/core';
import { pathAllowRules } from '@wright/tools';

/** The protected paths of a run: the defaults plus `protectedPaths`, opened only by allow rules naming them. */
export function pathProtection(settings: Pick<Settings, 'protectedPaths' | 'approvalRules'>): PathProtection {
  return {
    patterns: [...defaultProtectedPaths, ...settings.protectedPaths],
    allow: pathAllowRules(settings.approvalRules.allow),
  };
}
