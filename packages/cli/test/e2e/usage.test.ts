import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScratch, parseJsonLines, runCliProcess, type Scratch, trustProject } from './cli-harness.js';

let scratch: Scratch;
beforeEach(async () => {
  scratch = await createScratch();
});
afterEach(async () => {
  await scratch.cleanup();
});

const commands = ['run', 'chat', 'apply', 'sessions', 'show', 'diff', 'undo', 'batch', 'worker', 'demo'];

describe('wright command line', () => {
  it('prints the version and exits 0', async () => {
    const result = await runCliProcess(['--version'], { cwd: scratch.root, env: scratch.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(result.stderr).toBe('');
  });

  it('lists every command in --help', async () => {
    const result = await runCliProcess(['--help'], { cwd: scratch.root, env: scratch.env });
    expect(result.exitCode).toBe(0);
    for (const command of commands) expect(result.stdout).toContain(`  ${command} `);
  });

  it.each(commands)('prints help for %s and exits 0', async (command) => {
    const result = await runCliProcess([command, '--help'], { cwd: scratch.root, env: scratch.env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Usage: wright ${command}`);
    expect(result.stdout).toContain('--help');
  });

  it('documents every run flag of the contract', async () => {
    const result = await runCliProcess(['run', '--help'], { cwd: scratch.root, env: scratch.env });
    for (const flag of [
      '--cwd',
      '--provider',
      '--base-url',
      '--model',
      '--thinking',
      '--approval',
      '--max-steps',
      '--json',
      '--worktree',
      '--check',
      '--resume',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('rejects an unknown flag with exit 2 and one line naming the flag and the fix', async () => {
    const result = await runCliProcess(['run', '--max-step', '3', 'task'], {
      cwd: scratch.root,
      env: scratch.env,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("unknown option '--max-step'");
    expect(result.stderr).toContain("did you mean '--max-steps'");
    expect(result.stderr).toContain('wright run --help');
  });

  it('rejects an unknown command and a top-level unknown flag with exit 2', async () => {
    const command = await runCliProcess(['frobnicate'], { cwd: scratch.root, env: scratch.env });
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toContain("unknown command 'frobnicate'");
    const flag = await runCliProcess(['--frob'], { cwd: scratch.root, env: scratch.env });
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain("unknown option '--frob'");
  });

  it('rejects bad flag values and a missing task with exit 2', async () => {
    const env = { ...scratch.env, ZAI_API_KEY: 'test-key' };
    const provider = await runCliProcess(['run', '--provider', 'openai', 'task'], { cwd: scratch.root, env });
    expect(provider.exitCode).toBe(2);
    expect(provider.stderr).toContain('--provider must be one of zai, zai-coding');
    const steps = await runCliProcess(['run', '--max-steps', 'ten', 'task'], { cwd: scratch.root, env });
    expect(steps.exitCode).toBe(2);
    expect(steps.stderr).toContain("--max-steps must be a positive whole number (got 'ten')");
    const missing = await runCliProcess(['run'], { cwd: scratch.root, env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('missing argument');
    const value = await runCliProcess(['run', 'task', '--cwd'], { cwd: scratch.root, env });
    expect(value.exitCode).toBe(2);
    expect(value.stderr).toContain("option '--cwd' needs a value");
  });

  it('explains a missing API key in one line with the fix, exit 2', async () => {
    const result = await runCliProcess(['run', 'fix it'], { cwd: scratch.root, env: scratch.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('no API key: ZAI_API_KEY is not set');
    expect(result.stderr).toContain('export ZAI_API_KEY=');
  });

  it('names the file, the key and the expected value of a bad config', async () => {
    const project = join(scratch.root, 'project');
    await mkdir(join(project, '.wright'), { recursive: true });
    const file = join(project, '.wright', 'config.json');
    await writeFile(file, JSON.stringify({ budgets: { maxSteps: 'ten' } }));
    const env = { ...scratch.env, ZAI_API_KEY: 'test-key' };
    const result = await runCliProcess(['run', 'task'], { cwd: project, env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('budgets.maxSteps');
    expect(result.stderr).toContain('expected number');

    await writeFile(join(scratch.env.XDG_CONFIG_HOME ?? '', 'ignored'), '').catch(() => undefined);
    await writeFile(file, JSON.stringify({ provider: 'openai' }));
    const provider = await runCliProcess(['run', 'task'], { cwd: project, env });
    expect(provider.stderr).toContain('`provider`');
    expect(provider.stderr).toContain('zai');
    await writeFile(file, JSON.stringify({ modle: 'x' }));
    const typo = await runCliProcess(['run', 'task'], { cwd: project, env });
    expect(typo.stderr).toContain('unknown key `modle`');
  });

  it('with --json, a failure before the run still ends stdout with exactly one result event', async () => {
    const usage = await runCliProcess(['run', '--json', '--max-step', '3', 'task'], {
      cwd: scratch.root,
      env: scratch.env,
    });
    expect(usage.exitCode).toBe(2);
    expect(parseJsonLines(usage.stdout)).toEqual([
      expect.objectContaining({
        type: 'result',
        status: 'usage-error',
        exitCode: 2,
        error: expect.objectContaining({ code: 'usage', message: expect.stringContaining("'--max-step'") }),
      }),
    ]);
    // After `--`, --json is part of the task, not a flag.
    const literal = await runCliProcess(['run', '--', '--json'], { cwd: scratch.root, env: scratch.env });
    expect(literal.exitCode).toBe(2);
    expect(literal.stdout).toBe('');

    const project = join(scratch.root, 'project');
    await mkdir(join(project, '.wright'), { recursive: true });
    const file = join(project, '.wright', 'config.json');
    await writeFile(file, JSON.stringify({ plugins: ['./missing-plugin.js'] }));
    await trustProject(project, scratch.env);
    const plugin = await runCliProcess(['run', '--json', 'task'], {
      cwd: project,
      env: { ...scratch.env, ZAI_API_KEY: 'test-key' },
    });
    expect(plugin.exitCode).toBe(1);
    expect(plugin.stderr.trim().split('\n')).toHaveLength(1);
    expect(plugin.stderr).toContain(`fix "plugins" in ${file}`);
    const events = parseJsonLines(plugin.stdout);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'result', status: 'error', exitCode: 1 });
    expect(events[0]?.error).toMatchObject({ message: expect.stringContaining('missing-plugin.js') });
  });
});
