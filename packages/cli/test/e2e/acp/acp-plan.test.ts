import { methods } from '@agentclientprotocol/sdk';
import { textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { useCliTest } from '../cli-harness.js';
import { editorPool, openSession, prompt, updatesOf } from './session-helpers.js';

const cli = useCliTest({ files: { 'README.md': '# demo\n' } });
const editors = editorPool(() => ({ cwd: cli.repo, env: cli.scratch.env, baseUrl: cli.server.baseUrl }));
const start = () => editors.start();
afterEach(async () => {
  await editors.closeAll();
});

const steps = [
  { step: 'Read the README', status: 'completed' },
  { step: 'Answer', status: 'in_progress' },
  { step: 'Stop', status: 'pending' },
];
const entries = steps.map((entry) => ({ content: entry.step, priority: 'medium', status: entry.status }));

describe('wright acp plan updates', () => {
  it('sends the plan as a plan update live, and again when the session is loaded', async () => {
    await cli.startServer({
      turns: [toolCallTurn([{ name: 'update_plan', arguments: { plan: steps } }]), textTurn('Planned.')],
    });
    const first = start();
    const sessionId = await openSession(first, cli.repo);
    expect(await prompt(first, sessionId, 'make a plan')).toBe('end_turn');
    expect(updatesOf(first.updates, 'plan')).toEqual([{ sessionUpdate: 'plan', entries }]);
    expect(first.violations).toEqual([]);

    const second = start();
    await second.agent.request(methods.agent.initialize, { protocolVersion: 1 });
    await second.agent.request(methods.agent.session.load, { sessionId, cwd: cli.repo, mcpServers: [] });
    const replay = second.updates.map(({ update }) => update.sessionUpdate);
    expect(replay.at(-1)).toBe('plan');
    expect(updatesOf(second.updates, 'plan')).toEqual([{ sessionUpdate: 'plan', entries }]);
    expect(second.violations).toEqual([]);
  });
});
