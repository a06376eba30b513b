import * as tools from '@wright/tools';
import * as internal from '@wright/tools/internal';
import {
  applyPatchToWorkspace,
  createFileWorkspace,
  formatPatchReport,
  parsePatch,
  planPatch,
} from '@wright/tools/patch';
import { expect, it } from 'vitest';

it('the @wright/tools/patch entry exports the patch API of the main entry (planPatch: of the internal one)', () => {
  expect(applyPatchToWorkspace).toBe(tools.applyPatchToWorkspace);
  expect(createFileWorkspace).toBe(tools.createFileWorkspace);
  expect(formatPatchReport).toBe(tools.formatPatchReport);
  expect(parsePatch).toBe(tools.parsePatch);
  expect(planPatch).toBe(internal.planPatch);
});
