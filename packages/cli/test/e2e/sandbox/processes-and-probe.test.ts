import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, processesWith } from '@wright/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseJsonLines, runCliProcess, useCliTest } from '../cli-harness.js';
import { runModelCommands, startModelCommands, uniqueSleep } from './sandbox-harness.js';

// Through the real CLI with default sandbox flags and --approval full. Uses the system's bwrap and fails (never
// skips) without it: CI installs bubblewrap.
const cli = useCliTest({ files: { 'README.md': '# sample\n' } });

beforeEach(async () => {
  await mkdir(cli.scratch.env.HOME!, { recursive: true });
});

const env = (extra: Record<string, string> = {}) => ({
  ...cli.scratch.env,
  ZAI_API_KEY: 'test-key',
  ...extra,
});

describe('wright run: nothing outlives a sandboxed command', () => {
  it('a sleep under the shell timeout leaves no process, background ones included', async () => {
    const foreground = uniqueSleep();
    const background = uniqueSleep();
    const { run, outputs } = await runModelCommands({
      repo: cli.repo,
      env: env(),
      commands: [
        { command: `sleep ${background}`, background: true },
        { command: `setsid sleep ${foreground} & sleep ${foreground}`, timeout_ms: 1000 },
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(outputs[1]).toContain('[Timed out after 1000 ms');
    expect(await eventually(() => processesWith(`sleep ${foreground}`).length === 0)).toBe(true);
    expect(await eventually(() => processesWith(`sleep ${background}`).length === 0)).toBe(true);
  });

  it('Ctrl-C (SIGINT) during a sandboxed sleep exits 130 and leaves no process', async () => {
    const duration = uniqueSleep();
    const started = await startModelCommands({ repo: cli.repo, env: env(), commands: [`sleep ${duration}`] });
    try {
      expect(await eventually(() => processesWith(`sleep ${duration}`).length > 0, 20_000)).toBe(true);
      started.child.kill('SIGINT');
      const run = await started.done;
      expect(run.exitCode).toBe(130);
      expect(await eventually(() => processesWith(`sleep ${duration}`).length === 0)).toBe(true);
    } finally {
      started.child.kill('SIGKILL');
      await started.close();
    }
  });
});

describe('wright run: the probe failing makes run refuse commands', () => {
  it('with bwrap missing, shell and check are refused with a clear message, and nothing runs', async () => {
    const missing = join(cli.scratch.root, 'no-such-bwrap');
    const { run, outputs, events } = await runModelCommands({
      repo: cli.repo,
      env: env({ WRIGHT_BWRAP: missing }),
      flags: ['--check', 'touch check-ran'],
      commands: ['touch shell-ran', { command: 'touch background-ran', background: true }],
    });
    const stderrLines = run.stderr.split('\n').filter((line) => line.includes('sandbox is unavailable'));
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toContain(`bubblewrap (bwrap) was not found at "${missing}"`);
    expect(stderrLines[0]).toContain('apt-get install bubblewrap');
    expect(stderrLines[0]).toContain('--sandbox off');
    for (const output of outputs.slice(0, 2)) {
      expect(output).toContain('Refused: shell commands run only inside the sandbox (workspace-write)');
    }
    const check = events.find((event) => event.type === 'check-end') as { outputTail?: string } | undefined;
    expect(check?.outputTail).toContain(
      'the check did not run: the sandbox (workspace-write) is not available',
    );
    // The failed check goes back to the scripted model, which has no turn left: the run ends in an error.
    expect(run.exitCode).not.toBe(0);
    for (const name of ['shell-ran', 'background-ran', 'check-ran']) {
      await expect(stat(join(cli.repo, name))).rejects.toThrow();
    }
  });

  it('--sandbox off runs them, with a loud notice', async () => {
    const { run, outputs } = await runModelCommands({
      repo: cli.repo,
      env: env({ WRIGHT_BWRAP: join(cli.scratch.root, 'no-such-bwrap') }),
      flags: ['--sandbox', 'off'],
      commands: ['touch shell-ran'],
    });
    expect(run.stderr).toContain('wright: SANDBOX OFF (--sandbox)');
    expect(outputs[0]).toContain('[Exit code 0]');
    expect((await stat(join(cli.repo, 'shell-ran'))).isFile()).toBe(true);
  });

  it('wright sandbox --probe reports the host, and a missing bwrap with its fix (exit 1)', async () => {
    const good = await runCliProcess(['sandbox', '--probe'], { cwd: cli.repo, env: env() });
    expect(good.exitCode).toBe(0);
    expect(good.stdout).toMatch(/^bwrap: bwrap \(bubblewrap [\d.]+\)\nsandbox: available/);
    expect(good.stdout).toContain('in effect here: workspace-write (from the default), network off');
    const bad = await runCliProcess(['sandbox', '--probe'], {
      cwd: cli.repo,
      env: env({ WRIGHT_BWRAP: '/nonexistent/bwrap' }),
    });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain(
      'sandbox: UNAVAILABLE: bubblewrap (bwrap) was not found at "/nonexistent/bwrap"',
    );
    expect(bad.stdout).toContain('fix: install bubblewrap');
  });

  it('wright sandbox -- CMD runs a command as the agent would, and refuses without bwrap', async () => {
    const ran = await runCliProcess(
      [
        'sandbox',
        '--',
        'sh',
        '-c',
        'echo ok > made.txt; echo no > .git/x; echo "key=[$ZAI_API_KEY]"; exit 3',
      ],
      { cwd: cli.repo, env: env() },
    );
    expect(ran.exitCode).toBe(3);
    expect(ran.stderr).toContain(
      'wright sandbox: workspace-write (from the default), network off; workspace',
    );
    expect(ran.stderr).toContain('Read-only file system');
    expect(ran.stdout).toBe('key=[]\n');
    expect((await stat(join(cli.repo, 'made.txt'))).isFile()).toBe(true);
    const readOnly = await runCliProcess(['sandbox', '--mode', 'read-only', '--', 'touch', 'ro.txt'], {
      cwd: cli.repo,
      env: env(),
    });
    expect(readOnly.exitCode).toBe(1);
    await expect(stat(join(cli.repo, 'ro.txt'))).rejects.toThrow();
    const refused = await runCliProcess(['sandbox', '--', 'touch', 'refused.txt'], {
      cwd: cli.repo,
      env: env({ WRIGHT_BWRAP: '/nonexistent/bwrap' }),
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('wright sandbox: not run: the sandbox (workspace-write) is unavailable');
    await expect(stat(join(cli.repo, 'refused.txt'))).rejects.toThrow();
  });

  it('a project file cannot switch the sandbox off', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      join(cli.repo, '.wright', 'config.json'),
      '{"sandbox":{"mode":"off","network":"on"}}',
    ).catch(async () => {
      await mkdir(join(cli.repo, '.wright'), { recursive: true });
      await writeFile(join(cli.repo, '.wright', 'config.json'), '{"sandbox":{"mode":"off","network":"on"}}');
    });
    const { run, outputs } = await runModelCommands({
      repo: cli.repo,
      env: env(),
      commands: ['touch /etc/wright-test'],
    });
    expect(run.stderr).toContain('wright: ignored sandbox.mode, sandbox.network in');
    expect(outputs[0]).toContain('Read-only file system');
    const events = parseJsonLines(run.stdout);
    expect(events.at(-1)).toMatchObject({ type: 'result', exitCode: 0 });
  });
});
