import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAgentEventProtocol, loadScript } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { sampleFiles } from '../../src/demo/sample-repo.js';
import { git, parseJsonLines, trustProject, useCliTest } from './cli-harness.js';
import { agentRuns, readJournals } from './run-helpers.js';

const demoScript = fileURLToPath(new URL('../../src/demo/bug-fix-script.json', import.meta.url));

const cli = useCliTest({ files: sampleFiles });

function runArgs(baseUrl: string, ...rest: string[]): string[] {
  return ['run', '--base-url', baseUrl, '--approval', 'full', ...rest];
}

describe('wright run against the scripted server', () => {
  it('fixes the bug: exit 0, the file, a well-formed --json stream and the journal', async () => {
    const server = await cli.startServer({ turns: await loadScript(demoScript) });
    const result = await cli.run(
      runArgs(server.baseUrl, '--json', '--check', 'node --test', 'fix the failing test'),
    );
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(cli.repo, 'src/range.js'), 'utf8')).toContain('value < end;');
    expect(await git(cli.repo, 'status', '--porcelain')).toBe(' M src/range.js\n');

    const events = parseJsonLines(result.stdout);
    const runs = agentRuns(events);
    expect(runs).toHaveLength(1);
    expect(checkAgentEventProtocol(runs[0] ?? [])).toEqual([]);
    const toolNames = events.filter((event) => event.type === 'tool-exec-end').map((event) => event.name);
    expect(toolNames).toEqual(['shell', 'read_file', 'edit_file', 'shell']);
    expect(events.some((event) => event.type === 'checkpoint')).toBe(true);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'result', status: 'finished', exitCode: 0, reason: 'done' });
    expect(last?.check).toMatchObject({ command: 'node --test', passed: true });

    const journals = await readJournals(cli.scratch.home);
    expect(journals).toHaveLength(1);
    const journal = journals[0] ?? [];
    // The journal holds every event but the streamed deltas (those go to --json only).
    const stored = runs[0]?.filter((event) => !event.type.endsWith('-delta'));
    expect(journal.map((event) => event.seq)).toEqual(stored?.map((event) => event.seq));
    expect(journal.some((event) => event.type.endsWith('-delta'))).toBe(false);
    expect(journal.at(-1)).toMatchObject({ type: 'run-end', reason: 'done' });
  });

  it('prints a transcript for people without escape codes when stdout is not a terminal', async () => {
    const server = await cli.startServer({ turns: await loadScript(demoScript) });
    const result = await cli.run(runArgs(server.baseUrl, '--check', 'node --test', 'fix it'), {
      env: { ...cli.env, NO_COLOR: '' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stdout).toContain('✓ edit_file src/range.js');
    expect(result.stdout).toContain(
      '-  for (let value = start; value < end - 1; value += 1) numbers.push(value);',
    );
    expect(result.stdout).toContain('✓ finished');
    expect(result.stdout).toContain('check `node --test`: passed');
  });

  it('survives an HTTP 429 (code 1302) and a dropped stream', async () => {
    const turns = await loadScript(demoScript);
    const [first, second, ...rest] = turns as Record<string, unknown>[];
    const server = await cli.startServer({
      turns: [
        {
          fault: {
            kind: 'http-error',
            status: 429,
            code: '1302',
            message: 'High concurrency',
            retryAfter: '0',
          },
        },
        first ?? {},
        { ...second, fault: { kind: 'disconnect', afterChunks: 3 } },
        second ?? {},
        ...rest,
      ],
    });
    const result = await cli.run(runArgs(server.baseUrl, '--json', 'fix the failing test'));
    expect(result.exitCode).toBe(0);
    const events = parseJsonLines(result.stdout);
    const retries = events.filter((event) => event.type === 'message-retry');
    expect(retries.map((event) => (event.error as { code: string }).code)).toEqual(['rate-limit', 'network']);
    expect(checkAgentEventProtocol(agentRuns(events)[0] ?? [])).toEqual([]);
    expect(await readFile(join(cli.repo, 'src/range.js'), 'utf8')).toContain('value < end;');
  });

  it('resumes the last session with the history, reasoning included', async () => {
    const server = await cli.startServer({
      turns: [
        { reasoning: 'The user wants a name.', content: 'Call it range.' },
        { content: 'As I said: range.' },
      ],
    });
    const first = await cli.run(runArgs(server.baseUrl, 'suggest a name'));
    expect(first.exitCode).toBe(0);
    const second = await cli.run(runArgs(server.baseUrl, '--resume', 'last', '--json', 'say it again'));
    expect(second.exitCode).toBe(0);
    const sent = server.requests[1]?.body as { messages: Array<Record<string, unknown>> };
    const roles = sent.messages.map((message) => message.role);
    expect(roles).toEqual(['system', 'user', 'assistant', 'user']);
    expect(sent.messages[1]?.content).toBe('suggest a name');
    expect(sent.messages[2]?.reasoning_content).toBe('The user wants a name.');
    expect(sent.messages[3]?.content).toBe('say it again');
    // AGENTS.md of the workspace is part of the system prompt.
    expect(sent.messages[0]?.content).toContain('Run `node --test` to check your work.');
    const runStart = parseJsonLines(second.stdout).find((event) => event.type === 'run-start');
    expect(runStart?.resumed).toBe(true);
    const journals = await readJournals(cli.scratch.home);
    expect(journals).toHaveLength(1);
    expect(journals[0]?.filter((event) => event.type === 'run-start')).toHaveLength(2);
  });

  it('keeps stdout pure JSON with --json even when a plugin logs with console.log', async () => {
    const noisy = [
      "console.log('noisy plugin loading');",
      'export default {',
      "  name: 'noisy', description: 'Logs a lot.', effect: 'read',",
      "  parameters: { type: 'object', properties: {} },",
      '  parse: (input) => ({ ok: true, value: input }),',
      "  run: async () => { console.log('noisy plugin running'); console.info('info too'); return { output: 'done' }; },",
      '};',
    ].join('\n');
    await writeFile(join(cli.repo, 'noisy-plugin.mjs'), noisy);
    await mkdir(join(cli.repo, '.wright'), { recursive: true });
    await writeFile(
      join(cli.repo, '.wright', 'config.json'),
      JSON.stringify({ plugins: ['./noisy-plugin.mjs'] }),
    );
    await trustProject(cli.repo, cli.env);
    const server = await cli.startServer({
      turns: [{ toolCalls: [{ name: 'noisy', arguments: {} }] }, { content: 'Done.' }],
    });
    const result = await cli.run(runArgs(server.baseUrl, '--json', 'be noisy'));
    expect(result.exitCode).toBe(0);
    for (const line of result.stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(result.stderr).toContain('noisy plugin running');
    expect(parseJsonLines(result.stdout).find((event) => event.type === 'tool-exec-end')).toMatchObject({
      name: 'noisy',
      status: 'ok',
    });
  });

  it('loads tool plugins named in .wright/config.json', async () => {
    const plugin = fileURLToPath(new URL('../../../../examples/custom-tool', import.meta.url));
    await mkdir(join(cli.repo, '.wright'), { recursive: true });
    await writeFile(join(cli.repo, '.wright', 'config.json'), JSON.stringify({ plugins: [plugin] }));
    await trustProject(cli.repo, cli.env);
    const server = await cli.startServer({
      turns: [
        { toolCalls: [{ name: 'word_count', arguments: { path: 'AGENTS.md' } }] },
        { content: 'Counted.' },
      ],
    });
    const result = await cli.run(runArgs(server.baseUrl, '--json', 'count the words'));
    expect(result.exitCode).toBe(0);
    const end = parseJsonLines(result.stdout).find((event) => event.type === 'tool-exec-end');
    expect(end).toMatchObject({ name: 'word_count', status: 'ok' });
    const body = server.requests[0]?.body as { tools?: Array<{ function: { name: string } }> } | undefined;
    const tools = body?.tools ?? [];
    expect(tools.map((tool) => tool.function.name)).toContain('word_count');
  });
});
