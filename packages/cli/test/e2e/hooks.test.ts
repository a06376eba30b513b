import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolCallTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { git, parseJsonLines, useCliTest } from './cli-harness.js';
import { plant, toolMessagesSeen, toolResults, writeUserConfig } from './security/security-harness.js';

// Hooks through the real CLI, run in the sandbox: a pre_tool_use hook blocks a shell command (the model reads the
// reason), another rewrites a write_file call (the rewritten path is what lands on disk), post_tool_use and
// session_start add context, a hung hook is killed and ignored, and an untrusted project's hooks never run.

const node = JSON.stringify(process.execPath);
const readStdin = "let d='';process.stdin.on('data',c=>d+=c).on('end',()=>main(JSON.parse(d)));";
const scripts: Record<string, string> = {
  // Blocks shell commands that touch files; records every input it sees.
  '.hooks/guard.mjs': `import { appendFileSync } from 'node:fs';
${readStdin}
function main(event) {
  appendFileSync(process.env.WRIGHT_PROJECT_DIR + '/.hooks/seen.jsonl', JSON.stringify(event) + '\\n');
  if (event.tool_input.command.includes('touch')) {
    process.stderr.write('touching files from the shell is not allowed here; use write_file');
    process.exit(2);
  }
}
`,
  // Moves every write_file into drafts/.
  '.hooks/rewrite.mjs': `${readStdin}
function main(event) {
  const updatedInput = { ...event.tool_input, path: 'drafts/' + event.tool_input.path };
  console.log(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', updatedInput } }));
}
`,
  '.hooks/lint.mjs': `${readStdin}
function main(event) {
  const additionalContext = 'lint: 0 problems in ' + event.tool_input.path + ' (' + event.tool_response.status + ')';
  console.log(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext } }));
}
`,
};

const cli = useCliTest({ files: { 'README.md': '# app\n', ...scripts } });

const run = (...args: string[]) => cli.run(['run', '--json', '--approval', 'full', ...args]);
const hook = (command: string, timeout?: number) => ({
  type: 'command',
  command,
  ...(timeout === undefined ? {} : { timeout }),
});
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('hooks through wright run', () => {
  it('a blocking pre_tool_use hook stops a shell command and the model reads its reason', async () => {
    const model = await cli.startServer({
      turns: [
        toolCallTurn([{ id: 'touch', name: 'shell', arguments: { command: 'touch planted.txt' } }]),
        toolCallTurn([{ id: 'list', name: 'shell', arguments: { command: 'ls README.md' } }]),
        textTurn('Done.'),
      ],
    });
    await writeUserConfig(cli.scratch, {
      baseUrl: model.baseUrl,
      hooks: {
        pre_tool_use: [{ matcher: 'shell', hooks: [hook(`${node} "$WRIGHT_PROJECT_DIR/.hooks/guard.mjs"`)] }],
      },
    });
    const result = await run('tidy up');
    expect(result.exitCode).toBe(0);
    expect(await exists(join(cli.repo, 'planted.txt'))).toBe(false);
    const results = toolResults(result.stdout);
    expect(results.get('touch')).toMatchObject({ status: 'denied' });
    expect(results.get('list')).toMatchObject({ status: 'ok' });
    // Exactly one result for the blocked call, and it is what the next request carries.
    const secondRequest = model.requests[1]?.body as {
      messages: Array<{ role: string; tool_call_id?: string; content: string }>;
    };
    const answers = secondRequest.messages.filter((message) => message.role === 'tool');
    expect(answers).toEqual([
      {
        role: 'tool',
        tool_call_id: 'touch',
        content:
          'Blocked by a pre_tool_use hook (an automated check the user configured, not a failure of shell): touching files from the shell is not allowed here; use write_file',
      },
    ]);
    const seen = (await readFile(join(cli.repo, '.hooks', 'seen.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({
      hook_event_name: 'pre_tool_use',
      tool_name: 'shell',
      tool_input: { command: 'touch planted.txt' },
      tool_use_id: 'touch',
      cwd: cli.repo,
    });
    expect(typeof seen[0].session_id).toBe('string');
    const hookRuns = parseJsonLines(result.stdout).filter((event) => event.type === 'hook-run');
    expect(hookRuns.map((event) => [event.event, event.toolName, event.outcome, event.exitCode])).toEqual([
      ['pre_tool_use', 'shell', 'blocked', 2],
      ['pre_tool_use', 'shell', 'ok', 0],
    ]);
  });

  it('a rewriting hook changes the input (the rewritten path lands on disk), and post_tool_use and session_start add context', async () => {
    const model = await cli.startServer({
      turns: [
        toolCallTurn([
          { id: 'write', name: 'write_file', arguments: { path: 'notes.md', content: 'hello\n' } },
        ]),
        textTurn('Done.'),
      ],
    });
    await writeUserConfig(cli.scratch, {
      baseUrl: model.baseUrl,
      hooks: {
        session_start: [{ hooks: [hook('echo "deploy freeze until Friday"')] }],
        pre_tool_use: [{ matcher: 'shell|write_file', hooks: [hook(`${node} .hooks/rewrite.mjs`)] }],
        post_tool_use: [{ matcher: 'write_file', hooks: [hook(`${node} .hooks/lint.mjs`)] }],
      },
    });
    const result = await run('write the notes');
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(cli.repo, 'drafts', 'notes.md'), 'utf8')).toBe('hello\n');
    expect(await exists(join(cli.repo, 'notes.md'))).toBe(false);
    const execStart = parseJsonLines(result.stdout).find((event) => event.type === 'tool-exec-start');
    expect(execStart).toMatchObject({ input: { path: 'drafts/notes.md', content: 'hello\n' } });
    const seen = toolMessagesSeen(model).get('write') ?? '';
    expect(seen).toContain('[post_tool_use hook]\nlint: 0 problems in drafts/notes.md (ok)');
    const first = model.requests[0]?.body as { messages: Array<{ role: string; content: string }> };
    expect(first.messages.at(-1)).toEqual({
      role: 'user',
      content: 'write the notes\n\n[session_start hook]\ndeploy freeze until Friday',
    });
  });

  it('a hook that blocks shell for the parent blocks it inside a subagent, reported nested under the task call', async () => {
    await mkdir(join(cli.repo, '.wright', 'agents'), { recursive: true });
    await writeFile(
      join(cli.repo, '.wright', 'agents', 'runner.md'),
      '---\nname: runner\ndescription: Runs commands.\ntools: shell\n---\nYou run commands.\n',
    );
    const delegate = { description: 'touch it', prompt: 'CHILD: touch planted.txt', agent: 'runner' };
    const model = await cli.startServer({
      turns: [toolCallTurn([{ id: 'delegate', name: 'task', arguments: delegate }]), textTurn('Done.')],
      conversations: [
        {
          match: 'CHILD',
          turns: [
            toolCallTurn([{ id: 'touch', name: 'shell', arguments: { command: 'touch planted.txt' } }]),
            textTurn('The hook blocked it.'),
          ],
        },
      ],
    });
    await writeUserConfig(cli.scratch, {
      baseUrl: model.baseUrl,
      hooks: {
        pre_tool_use: [{ matcher: 'shell', hooks: [hook(`${node} "$WRIGHT_PROJECT_DIR/.hooks/guard.mjs"`)] }],
      },
    });
    const result = await run('delegate the chore');
    expect(result.exitCode).toBe(0);
    expect(await exists(join(cli.repo, 'planted.txt'))).toBe(false);
    const events = parseJsonLines(result.stdout);
    const nested = events.filter((event) => event.type === 'subagent-event');
    const inner = nested.map((event) => event.event as Record<string, unknown>);
    expect(inner.find((event) => event.type === 'hook-run')).toMatchObject({
      event: 'pre_tool_use',
      outcome: 'blocked',
      toolName: 'shell',
      callId: 'touch',
    });
    expect(inner.find((event) => event.type === 'tool-exec-end')).toMatchObject({
      name: 'shell',
      status: 'denied',
    });
    expect(new Set(nested.map((event) => event.parentCallId))).toEqual(new Set(['delegate']));
    // The hook ran once, for the child's call, and saw the parent's session.
    const seen = (await readFile(join(cli.repo, '.hooks', 'seen.jsonl'), 'utf8')).trim().split('\n');
    expect(seen).toHaveLength(1);
    const start = events.find((event) => event.type === 'task-start');
    expect(JSON.parse(seen[0] as string)).toMatchObject({
      tool_use_id: 'touch',
      session_id: start?.sessionId,
    });
  });

  it('a hook answering continue: false ends the run with reason hook-stopped and its stopReason (exit 1)', async () => {
    const model = await cli.startServer({
      turns: [
        toolCallTurn([{ id: 'touch', name: 'shell', arguments: { command: 'touch planted.txt' } }]),
        textTurn('never asked'),
      ],
    });
    const stop = JSON.stringify({ continue: false, stopReason: 'maintenance window', decision: 'block' });
    await writeUserConfig(cli.scratch, {
      baseUrl: model.baseUrl,
      hooks: { pre_tool_use: [{ matcher: 'shell', hooks: [hook(`echo '${stop}'`)] }] },
    });
    const result = await run('tidy up');
    expect(result.exitCode).toBe(1);
    expect(await exists(join(cli.repo, 'planted.txt'))).toBe(false);
    expect(model.requests).toHaveLength(1);
    const events = parseJsonLines(result.stdout);
    expect(events.find((event) => event.type === 'hook-run')).toMatchObject({
      event: 'pre_tool_use',
      outcome: 'stopped',
      message: 'maintenance window',
    });
    expect(toolResults(result.stdout).get('touch')).toMatchObject({ status: 'denied' });
    const end = events.find((event) => event.type === 'result');
    expect(end).toMatchObject({ status: 'error', exitCode: 1, reason: 'hook-stopped' });
    expect(JSON.stringify(end?.error)).toContain('A pre_tool_use hook ended the run: maintenance window.');
  });

  it('a hung hook is killed at its timeout, reported, and does not block the call', async () => {
    const model = await cli.startServer({
      turns: [
        toolCallTurn([{ id: 'list', name: 'shell', arguments: { command: 'echo ran > ran.txt' } }]),
        textTurn('Done.'),
      ],
    });
    await writeUserConfig(cli.scratch, {
      baseUrl: model.baseUrl,
      hooks: { pre_tool_use: [{ matcher: '*', hooks: [hook('sleep 60', 1)] }] },
    });
    const result = await run('run it');
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(cli.repo, 'ran.txt'), 'utf8')).toBe('ran\n');
    const hookRun = parseJsonLines(result.stdout).find((event) => event.type === 'hook-run');
    expect(hookRun).toMatchObject({ event: 'pre_tool_use', outcome: 'timeout', exitCode: null });
    expect(Number(hookRun?.durationMs)).toBeLessThan(30_000);
  });

  it("an untrusted project's hooks do not run; once trusted, they do", async () => {
    const model = await cli.startServer({
      turns: [toolCallTurn([{ id: 'list', name: 'shell', arguments: { command: 'ls' } }]), textTurn('Done.')],
      loop: true,
    });
    await writeUserConfig(cli.scratch, { baseUrl: model.baseUrl });
    const marker = 'project-hook-ran';
    await plant(
      join(cli.repo, '.wright', 'config.json'),
      JSON.stringify({
        hooks: {
          session_start: [{ hooks: [hook(`touch ${marker}`)] }],
          pre_tool_use: [{ hooks: [hook(`touch ${marker}`)] }],
        },
      }),
    );
    await git(cli.repo, 'add', '-A');
    await git(cli.repo, 'commit', '-q', '-m', 'project hooks');
    const untrusted = await run('look around');
    expect(untrusted.exitCode).toBe(0);
    expect(untrusted.stderr).toContain('ignoring hooks from the untrusted project config');
    expect(await exists(join(cli.repo, marker))).toBe(false);
    expect(parseJsonLines(untrusted.stdout).filter((event) => event.type === 'hook-run')).toEqual([]);

    const trust = await cli.run(['trust'], { env: cli.scratch.env });
    expect(trust.exitCode).toBe(0);
    const trusted = await run('look around');
    expect(trusted.exitCode).toBe(0);
    expect(await exists(join(cli.repo, marker))).toBe(true);
  });
});
