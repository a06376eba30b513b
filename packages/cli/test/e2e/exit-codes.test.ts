import { setTimeout as sleep } from 'node:timers/promises';
import { checkAgentEventProtocol } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { sampleFiles } from '../../src/demo/sample-repo.js';
import { parseJsonLines, useCliTest } from './cli-harness.js';
import { agentRuns, readJournals } from './run-helpers.js';

const cli = useCliTest({ files: sampleFiles, env: { WRIGHT_MAX_RETRIES: '0' } });

describe('exit codes', () => {
  it('1: a wrong key is one line naming the cause and the fix', async () => {
    await cli.startServer({ turns: [{ content: 'never' }], apiKey: 'the-right-key' });
    const result = await cli.runTask(['task']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('the API key was rejected');
    expect(result.stderr).toContain('check ZAI_API_KEY');
  });

  it('1: an unreachable server is one line naming the URL', async () => {
    // Port 1 is privileged and unused, so nothing ever answers there (the port of a server just closed could be
    // taken by another test's server in the meantime).
    const baseUrl = 'http://127.0.0.1:1/api/paas/v4';
    const result = await cli.run(['run', '--base-url', baseUrl, 'task']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`cannot reach ${baseUrl}`);
  });

  it('1: an unknown model (1211) names the model and the fix', async () => {
    await cli.startServer({
      turns: [
        {
          fault: {
            kind: 'http-error',
            status: 400,
            code: '1211',
            message: 'Unknown Model, please check the model code.',
          },
        },
      ],
    });
    const result = await cli.runTask(['--model', 'glm-9', 'task']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("unknown model 'glm-9'");
    expect(result.stderr).toContain('--model glm-4.7');
  });

  it('1: a provider error mid-run still ends the --json stream with run-end, then result', async () => {
    await cli.startServer({
      turns: [
        { toolCalls: [{ name: 'read_file', arguments: { path: 'src/range.js' } }] },
        { fault: { kind: 'http-error', status: 500, code: '500', message: 'Internal boom' } },
      ],
    });
    const result = await cli.runTask(['--json', 'task']);
    expect(result.exitCode).toBe(1);
    const events = parseJsonLines(result.stdout);
    const runs = agentRuns(events);
    expect(runs).toHaveLength(1);
    expect(checkAgentEventProtocol(runs[0] ?? [])).toEqual([]);
    expect(runs[0]?.at(-1)).toMatchObject({ type: 'run-end', reason: 'error', steps: 1 });
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'result', status: 'error', exitCode: 1, reason: 'error' });
    const line = result.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(last?.error).toMatchObject({ message: line });
    expect(line).toContain('Internal boom');
    expect(line.match(/HTTP 500/g)).toHaveLength(1);
  });

  it('3: the step budget runs out', async () => {
    await cli.startServer({
      turns: [{ toolCalls: [{ name: 'glob', arguments: { pattern: '**/*.js' } }] }],
      loop: true,
    });
    const result = await cli.runTask(['--max-steps', '2', '--json', 'look around forever']);
    expect(result.exitCode).toBe(3);
    const events = parseJsonLines(result.stdout);
    expect(events.at(-1)).toMatchObject({
      type: 'result',
      status: 'budget',
      exitCode: 3,
      reason: 'max-steps',
    });
  });

  it('3: the time budget runs out, and the summary names it (a bare number is seconds)', async () => {
    await cli.startServer({
      // A reply that takes about 6 s to stream, so the 1 s budget always ends it.
      turns: [{ content: 'slow '.repeat(100), chunkSize: 4, chunkDelayMs: 50 }],
      loop: true,
    });
    const result = await cli.runTask(['--max-time', '1', 'look around forever']);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('■ stopped: the time budget ran out');
    // Used up before the first round could start: still the time budget, never "max-steps".
    const instant = await cli.runTask(['--max-time', '1ms', '--json', 'look around']);
    expect(instant.exitCode).toBe(3);
    expect(parseJsonLines(instant.stdout).at(-1)).toMatchObject({ status: 'budget', reason: 'time-budget' });
  });

  it('4: the check still fails', async () => {
    await cli.startServer({ turns: [{ content: 'I am done.' }], loop: true });
    const result = await cli.runTask(['--check', 'node --test', '--json', 'claim victory']);
    expect(result.exitCode).toBe(4);
    const last = parseJsonLines(result.stdout).at(-1);
    expect(last).toMatchObject({ type: 'result', status: 'check-failed', exitCode: 4 });
    expect(last?.check).toMatchObject({ command: 'node --test', passed: false });
  });

  it('130: SIGINT while the server is slow aborts the run and flushes the journal', async () => {
    const server = await cli.startServer({
      turns: [{ content: 'slow '.repeat(400), chunkSize: 4, chunkDelayMs: 50 }],
    });
    const { child, done } = cli.startTask(['--json', 'take your time']);
    // Interrupt only once the request is under way (the CLI's handlers are set up by then), however slow the start.
    const deadline = Date.now() + 60_000;
    while (server.requests.length === 0) {
      if (Date.now() > deadline) throw new Error('the run never sent its request');
      await sleep(50);
    }
    await sleep(300);
    child.kill('SIGINT');
    const result = await done;
    expect(result.exitCode).toBe(130);
    const events = parseJsonLines(result.stdout);
    expect(events.at(-1)).toMatchObject({ type: 'result', status: 'interrupted', exitCode: 130 });
    const journals = await readJournals(cli.scratch.home);
    expect(journals[0]?.at(-1)).toMatchObject({ type: 'run-end', reason: 'aborted' });
  });

  it('130: a reader that goes away (EPIPE) interrupts the run cleanly, without a crash', async () => {
    await cli.startServer({
      turns: [{ content: 'slow '.repeat(400), chunkSize: 4, chunkDelayMs: 50 }],
    });
    const { child, done } = cli.startTask(['--json', 'take your time']);
    // Like `wright run --json | head -1`: read one chunk, then close the pipe.
    child.stdout?.once('data', () => child.stdout?.destroy());
    const result = await done;
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.exitCode).toBe(130);
    const journals = await readJournals(cli.scratch.home);
    expect(journals[0]?.at(-1)).toMatchObject({ type: 'run-end', reason: 'aborted' });
  });
});
