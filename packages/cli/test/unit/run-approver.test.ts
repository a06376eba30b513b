import type { ApprovalRequest } from '@wright/core';
import { describe, expect, it } from 'vitest';
import type { CliEvent } from '../../src/cli-events.js';
import { createRunApprover } from '../../src/session/run-approver.js';

const read: ApprovalRequest = {
  toolName: 'read_file',
  effect: 'read',
  title: 'Read a.txt',
  input: { path: 'a.txt' },
};
const edit: ApprovalRequest = {
  toolName: 'edit_file',
  effect: 'write',
  title: 'Edit a.txt',
  detail: '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-old\n+new\n',
  input: { path: 'a.txt' },
};
const push: ApprovalRequest = {
  toolName: 'shell',
  effect: 'execute',
  title: '$ git push',
  detail: 'git push',
  input: { command: 'git push' },
};
const allowed = (decision: unknown) =>
  typeof decision === 'boolean' ? decision : (decision as { allowed: boolean }).allowed;

describe('createRunApprover', () => {
  it('read-only with someone to ask: reads pass, edits are asked about with their diff, deny rules refuse', async () => {
    const events: CliEvent[] = [];
    const asked: ApprovalRequest[] = [];
    const approve = createRunApprover({
      settings: { approvalMode: 'read-only', approvalRules: { allow: [], deny: ['shell(git push*)'] } },
      ask: async (request) => {
        asked.push(request);
        return true;
      },
      emit: (event) => events.push(event),
    });
    expect(allowed(await approve(read))).toBe(true);
    expect(allowed(await approve(edit))).toBe(true);
    expect(allowed(await approve(push))).toBe(false);
    expect(asked.map((request) => request.toolName)).toEqual(['edit_file']);
    expect(
      events.map((event) => [
        event.type,
        'by' in event ? event.by : 'toolName' in event ? event.toolName : '',
      ]),
    ).toEqual([
      ['approval-request', 'edit_file'],
      ['approval-decision', 'user'],
      ['approval-request', 'shell'],
      ['approval-decision', 'policy'],
    ]);
    expect(events[0]).toMatchObject({ detail: edit.detail });
  });

  it('read-only with nobody to ask refuses edits and reports the refusal', async () => {
    const events: CliEvent[] = [];
    const approve = createRunApprover({
      settings: { approvalMode: 'read-only', approvalRules: { allow: [], deny: [] } },
      emit: (event) => events.push(event),
    });
    expect(allowed(await approve(edit))).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'approval-decision', allowed: false, by: 'policy' });
  });
});
