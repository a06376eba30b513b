import type { RecordedRequest, ScriptedTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { parseJsonLines, useCliTest } from './cli-harness.js';
import { lastUserMessage, readJournals } from './run-helpers.js';

const cli = useCliTest({ files: { 'a.txt': 'alpha\n', 'b.txt': 'beta\n', 'c.txt': 'gamma\n' } });

const firstPlan = {
  explanation: 'three files to check',
  plan: [
    { step: 'Read a.txt', status: 'in_progress' },
    { step: 'Read b.txt and c.txt', status: 'pending' },
    { step: 'Report', status: 'pending' },
  ],
};
const finalPlan = {
  plan: [
    { step: 'Read a.txt', status: 'completed' },
    { step: 'Read b.txt and c.txt', status: 'completed' },
    { step: 'Report', status: 'completed' },
  ],
};
const isSummaryRequest = (request: RecordedRequest) => request.body.tools === undefined;
const lastUser = lastUserMessage;

/** The model: a plan and three reads for the first prompt, an answer for the second, a plan update for the third. */
function planningModel() {
  const served = new Map<string, number>();
  const replies: Record<string, ScriptedTurn[]> = {
    'check the files': [
      { toolCalls: [{ name: 'update_plan', arguments: firstPlan }] },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }] },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'b.txt' } }] },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'c.txt' } }] },
      { content: 'Read them all.' },
    ],
    'go on': [{ content: 'Going on.' }],
    finish: [{ toolCalls: [{ name: 'update_plan', arguments: finalPlan }] }, { content: 'Finished.' }],
  };
  return (request: RecordedRequest): ScriptedTurn => {
    if (isSummaryRequest(request)) return { content: 'SUMMARY: the three files were read.' };
    const prompt = lastUser(request);
    const index = served.get(prompt) ?? 0;
    served.set(prompt, index + 1);
    return replies[prompt]?.[index] ?? { content: `unexpected request for ${prompt}` };
  };
}

describe('update_plan through the CLI', () => {
  it('shows the plan live, keeps it through compaction (re-injected) and --resume, and journals it', async () => {
    const server = await cli.startServer({ turns: [planningModel()], loop: true });
    const chat = await cli.run(['chat', '--base-url', server.baseUrl, '--approval', 'full'], {
      input: 'check the files\n/compact\ngo on\n/exit\n',
    });
    expect(chat.stderr).toBe('');
    expect(chat.exitCode).toBe(0);
    // The live checklist: heading with progress and the explanation, one line per step.
    expect(chat.stdout).toContain(
      'plan 0/3 · three files to check\n  ▸ Read a.txt\n  ○ Read b.txt and c.txt\n  ○ Report\n',
    );
    expect(chat.stdout).toContain('update_plan 3 steps → 0/3 done');
    expect(chat.stdout).toContain('Going on.');

    const requests = server.requests;
    const summaryIndex = requests.findIndex(isSummaryRequest);
    expect(summaryIndex).toBeGreaterThan(0);
    // The request after compaction: the update_plan call was summarised away, the summary note carries the plan.
    const afterCompaction = requests[summaryIndex + 1] as RecordedRequest;
    expect(lastUser(afterCompaction)).toBe('go on');
    expect(afterCompaction.rawBody).not.toContain('"name":"update_plan","arguments"');
    // biome-ignore lint/suspicious/noExplicitAny: wire JSON
    const note = afterCompaction.body.messages.find((message: any) =>
      message.content?.startsWith('Summary of'),
    );
    expect(note.content).toContain('SUMMARY: the three files were read.');
    expect(note.content).toContain(
      'three files to check\n[>] Read a.txt\n[ ] Read b.txt and c.txt\n[ ] Report',
    );

    const resumed = await cli.runTask(['--approval', 'full', '--resume', 'last', '--json', 'finish']);
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    const firstResumed = requests.find((request) => lastUser(request) === 'finish') as RecordedRequest;
    expect(firstResumed.rawBody).toContain('[>] Read a.txt');
    const events = parseJsonLines(resumed.stdout);
    const planEvents = events.filter((event) => event.type === 'plan');
    expect(planEvents).toHaveLength(1);
    expect(planEvents[0]).toMatchObject({ type: 'plan', plan: finalPlan.plan });
    expect(planEvents[0]?.callId).toEqual(expect.any(String));

    // The journal keeps every plan, in order; `wright show` replays them as checklists.
    const [journal] = await readJournals(cli.scratch.home);
    const stored = (journal ?? []).filter((event) => event.type === 'plan');
    expect(stored.map((event) => (event as { plan: unknown }).plan)).toEqual([
      firstPlan.plan,
      finalPlan.plan,
    ]);
    const show = await cli.run(['show', 'last']);
    expect(show.stdout).toContain('plan 3/3\n  ✓ Read a.txt');
  });

  it('gives an invalid plan back to the model as an error result', async () => {
    const twoActive = {
      plan: [
        { step: 'one', status: 'in_progress' },
        { step: 'two', status: 'in_progress' },
      ],
    };
    const server = await cli.startServer({
      turns: [{ toolCalls: [{ name: 'update_plan', arguments: twoActive }] }, { content: 'Fixed my plan.' }],
    });
    const run = await cli.runTask(['--json', 'plan it']);
    expect(run.exitCode).toBe(0);
    const events = parseJsonLines(run.stdout);
    expect(events.some((event) => event.type === 'plan')).toBe(false);
    expect(events.find((event) => event.type === 'tool-exec-end')).toMatchObject({ status: 'invalid-input' });
    // biome-ignore lint/suspicious/noExplicitAny: wire JSON
    const result = server.requests[1]?.body.messages.find((message: any) => message.role === 'tool');
    expect(result.content).toContain('at most one step may be in_progress, found 2 ("one", "two")');
  });
});
