import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAgentEventProtocol, loadScript, type ServerProfileName, serverProfiles } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { sampleFiles } from '../../src/demo/sample-repo.js';
import { parseJsonLines, useCliTest } from './cli-harness.js';
import { agentRuns } from './run-helpers.js';

const demoScript = fileURLToPath(new URL('../../src/demo/bug-fix-script.json', import.meta.url));

const cli = useCliTest({ files: sampleFiles });

/** `wright run --json --check 'node --test'` against the server, with the documented shapes' provider. */
function fixWithCheck(baseUrl: string) {
  const args = [
    'run',
    '--base-url',
    baseUrl,
    '--approval',
    'full',
    '--json',
    '--check',
    'node --test',
    'fix it',
  ];
  return cli.run(args);
}

/** The demo's reasoning, as scripted: it must reach the server again byte for byte, whatever the profile. */
async function scriptedReasoning(): Promise<string[]> {
  const turns = await loadScript(demoScript);
  return turns.flatMap((turn) =>
    typeof turn === 'object' && turn.reasoning !== undefined ? [turn.reasoning] : [],
  );
}

describe('wright run --json completes the bug fix against every server profile', () => {
  for (const profile of Object.keys(serverProfiles) as ServerProfileName[]) {
    it(`${profile}: exit 0, the check passes, no retry, reasoning round-trips`, async () => {
      const server = await cli.startServer({ turns: await loadScript(demoScript), profile });
      const result = await cli.run([
        'run',
        '--provider',
        profile,
        '--base-url',
        server.baseUrl,
        '--approval',
        'full',
        '--json',
        '--check',
        'node --test',
        'fix the failing test',
      ]);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(await readFile(join(cli.repo, 'src/range.js'), 'utf8')).toContain('value < end;');
      const events = parseJsonLines(result.stdout);
      const runs = agentRuns(events);
      expect(runs).toHaveLength(1);
      expect(checkAgentEventProtocol(runs[0] ?? [])).toEqual([]);
      expect(events.filter((event) => event.type === 'message-retry')).toEqual([]);
      expect(events.at(-1)).toMatchObject({
        type: 'result',
        status: 'finished',
        exitCode: 0,
        reason: 'done',
      });
      expect(events.at(-1)?.check).toMatchObject({ passed: true });
      const statuses = events.filter((event) => event.type === 'tool-exec-end').map((event) => event.status);
      // The first test run fails (the bug), the rest succeed.
      expect(statuses).toEqual(['error', 'ok', 'ok', 'ok']);
      // Every request went to the profile's path, and the last one carries every earlier turn's reasoning unchanged.
      expect(
        server.requests.every((request) => request.path.startsWith(serverProfiles[profile].basePath)),
      ).toBe(true);
      const last = server.requests.at(-1)?.body.messages as Array<Record<string, unknown>>;
      const sent = last
        .filter((message) => message.role === 'assistant')
        .map((message) => message.reasoning_content ?? message.reasoning);
      expect(sent).toEqual((await scriptedReasoning()).slice(0, sent.length));
      const answer = events.find((event) => event.type === 'run-end');
      expect(answer?.text).toMatch(/^Fixed an off-by-one in `range\(\)`/);
      expect(String(answer?.text)).not.toContain('<|user|>');
    });
  }

  it('a reply that keeps breaking the protocol ends the run with exit 1 and the reason, never a success', async () => {
    const server = await cli.startServer({
      turns: [
        {
          toolCalls: [{ name: 'read_file', arguments: { path: 'src/range.js' } }],
          quirks: ['tool-calls-without-calls'],
        },
      ],
      loop: true,
    });
    const result = await fixWithCheck(server.baseUrl);
    expect(result.exitCode).toBe(1);
    const last = parseJsonLines(result.stdout).at(-1);
    expect(last).toMatchObject({ type: 'result', exitCode: 1, reason: 'error' });
    expect(last?.error).toMatchObject({ code: 'malformed-reply' });
    expect(String((last?.error as { message?: string })?.message)).toMatch(
      /finish_reason "tool_calls" but carried no tool calls \(3 attempts\)/,
    );
    expect(result.stderr).toMatch(/finish_reason "tool_calls" but carried no tool calls/);
  });
});

describe('stream limits from config', () => {
  it('streamTimeoutMs ends a stream that trickles forever; the retry completes the fix', async () => {
    const turns = await loadScript(demoScript);
    const first = turns[0];
    if (typeof first !== 'object') throw new Error('the demo script starts with a plain turn');
    const server = await cli.startServer({ turns: [{ ...first, quirks: ['trickle-forever'] }, ...turns] });
    await mkdir(join(cli.scratch.env.XDG_CONFIG_HOME as string, 'wright'), { recursive: true });
    // The cap covers every later request of the run too: long enough that a busy machine never trips it there.
    await writeFile(
      join(cli.scratch.env.XDG_CONFIG_HOME as string, 'wright', 'config.json'),
      JSON.stringify({ streamTimeoutMs: 5000, idleTimeoutMs: 60_000 }),
    );
    const result = await fixWithCheck(server.baseUrl);
    expect(result.exitCode).toBe(0);
    const retries = parseJsonLines(result.stdout).filter((event) => event.type === 'message-retry');
    expect(retries.map((event) => (event.error as { message: string }).message)).toEqual([
      'The stream was still going after 5000 ms (the cap on one streamed request).',
    ]);
  });
});
