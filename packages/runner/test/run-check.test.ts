import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/run-check.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

const scratch = useScratchDirectory();

describe('runCheck environment and output', () => {
  it('runs without the key, the named secrets and credential variables, and scrubs their values', async () => {
    process.env.ZAI_API_KEY = 'zai-check-secret-0001';
    process.env.CHECK_PROVIDER_KEY = 'provider-check-secret-0002';
    process.env.DEPLOY_TOKEN = 'deploy-check-token-0003';
    process.env.HARMLESS_SETTING = 'visible-value';
    try {
      // The check prints its environment, then each value again split in two writes.
      const script = [
        'env',
        "printf 'split: zai-check-'; sleep 0.2; printf 'secret-0001\\n'",
        `node -e "process.stdout.write(process.argv[1].slice(0, 9)); setTimeout(() => console.log(process.argv[1].slice(9)), 200)" deploy-check-token-0003`,
      ].join('; ');
      const run = await runCheck({
        command: script,
        cwd: scratch.path,
        timeoutMs: 30_000,
        maxOutputChars: 100_000,
        secrets: { secretEnv: ['CHECK_PROVIDER_KEY'] },
      });
      expect(run.passed).toBe(true);
      expect(run.outputTail).toContain('HARMLESS_SETTING=visible-value');
      expect(run.outputTail).toContain('CI=');
      expect(run.outputTail).not.toContain('ZAI_API_KEY=');
      expect(run.outputTail).not.toContain('CHECK_PROVIDER_KEY=');
      expect(run.outputTail).not.toContain('DEPLOY_TOKEN=');
      expect(run.outputTail).toContain('split: [redacted]\n[redacted]\n');
      for (const value of ['zai-check-secret-0001', 'provider-check-secret-0002', 'deploy-check-token-0003'])
        expect(run.outputTail).not.toContain(value);
    } finally {
      delete process.env.ZAI_API_KEY;
      delete process.env.CHECK_PROVIDER_KEY;
      delete process.env.DEPLOY_TOKEN;
      delete process.env.HARMLESS_SETTING;
    }
  });

  it('passes a credential variable listed in passEnv, still scrubbing its value', async () => {
    process.env.NPM_TOKEN = 'npm-check-token-0004';
    try {
      const run = await runCheck({
        command: 'test -n "$NPM_TOKEN" && echo has:yes; echo "$NPM_TOKEN"',
        cwd: scratch.path,
        timeoutMs: 30_000,
        maxOutputChars: 1000,
        secrets: { passEnv: ['NPM_TOKEN'] },
      });
      expect(run.outputTail).toBe('has:yes\n[redacted]\n');
    } finally {
      delete process.env.NPM_TOKEN;
    }
  });

  it('reports a check command too long to start as E2BIG, not as a failure of the tests', async () => {
    const command = `echo ${'x'.repeat(300 * 1024)}`;
    const run = await runCheck({ command, cwd: scratch.path, timeoutMs: 30_000, maxOutputChars: 1000 });
    expect(run.passed).toBe(false);
    expect(run.exitCode).toBeNull();
    expect(run.outputTail).toContain('command too long (E2BIG)');
  });
});
