import { methods } from '@agentclientprotocol/sdk';
import { type ScriptedServer, startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, type Scratch } from '../cli-harness.js';
import { editorPool, openSession, prompt, updatesOf } from './session-helpers.js';

let scratch: Scratch;
let server: ScriptedServer | undefined;
let repo: string;
beforeEach(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, { 'README.md': '# demo\n' });
});
afterEach(async () => {
  await editors.closeAll();
  await server?.close();
  server = undefined;
  await scratch.cleanup();
});

const editors = editorPool(() => ({ cwd: repo, env: scratch.env, baseUrl: server?.baseUrl }));
const start = () => editors.start();

const steps = [
  { step: 'Read the README', status: 'completed' },
  { step: 'Answer', status: 'in_progress' },
  { step: 'Stop', status: 'pending' },
];
const entries = steps.map((entry) => ({ content: entry.step, priority: 'medium', status: entry.status }));

describe('wright acp plan updates', () => {
  it('sends the plan as a plan update live, and again when the session is loaded', async () => {
    server = await startScriptedServer({
      turns: [toolCallTurn([{ name: 'update_plan', arguments: { plan: steps } }]), textTurn('Planned.')],
    });
    const first = start();
    const sessionId = await openSession(first, repo);
    expect(await prompt(first, sessionId, 'make a plan')).toBe('end_turn');
    expect(updatesOf(first.updates, 'plan')).toEqual([{ sessionUpdate: 'plan', entries }]);
    expect(first.violations).toEqual([]);

    const second = start();
    await second.agent.request(methods.agent.initialize, { protocolVersion: 1 });
    await second.agent.request(methods.agent.session.load, { sessionId, cwd: repo, mcpServers: [] });
    const replay = second.updates.map(({ update }) => update.sessionUpdate);
    expect(replay.at(-1)).toBe('plan');
    expect(updatesOf(second.updates, 'plan')).toEqual([{ sessionUpdate: 'plan', entries }]);
    expect(second.violations).toEqual([]);
  });
});
