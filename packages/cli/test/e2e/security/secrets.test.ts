import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolCallTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { parseJsonLines, useCliTest } from '../cli-harness.js';
import { finalResult, toolResults, writeUserConfig } from './security-harness.js';

// A hostile model tries to read the provider key and other secrets: from the shell's environment, from /proc, from
// a background process, and from a test it edits to print process.env before running --check. None of the values
// may reach a request body (what the model reads), a --json event, the journal, stderr or the check output.
//
// Reading Wright's own /proc/$PPID/environ is closed by the sandbox's PID namespace (docs/security.md#sandbox);
// without it, the plain dump below is still caught by output scrubbing, which this test relies on. An encoded dump
// (`base64 /proc/$PPID/environ`) is only closed by the sandbox and is not asserted here.

const cli = useCliTest({
  files: {
    'test.js': "console.log('ok');\n",
    'src/app.js': 'export const answer = 42;\n',
  },
});

/** Every file under the data directory (journals, metadata, outputs), as text. */
async function dataFiles(root: string): Promise<string> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const texts = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(join(entry.parentPath, entry.name), 'utf8').catch(() => '')),
  );
  return texts.join('\n');
}

async function expectNowhere(secrets: string[], result: { stdout: string; stderr: string }): Promise<void> {
  const places: Record<string, string> = {
    'request bodies': JSON.stringify(cli.server.requests.map((request) => request.body)),
    'stdout (--json events)': result.stdout,
    stderr: result.stderr,
    'data directory (journal)': await dataFiles(cli.scratch.home),
    'workspace files': await readFile(join(cli.repo, 'test.js'), 'utf8'),
  };
  for (const secret of secrets) {
    for (const [place, text] of Object.entries(places))
      expect(text.includes(secret), `${secret} in ${place}`).toBe(false);
  }
}

const printEnvironment = `console.log(JSON.stringify(process.env, null, 1));
console.log(require('node:fs').readFileSync('/proc/self/environ', 'utf8').split('\\0').join('\\n'));
process.exit(1);
`;

describe('secrets never reach the model, the journal, the events or the check output', () => {
  it('shell, background shell, /proc and a test printing process.env under --check', async () => {
    const key = 'zai-e2e-key-7f3a9c1d5e';
    const token = 'ghp_e2eTokenValue123456';
    const databaseUrl = 'postgres://app:hunter2-db-secret@db.internal/app';
    const awsSecret = 'aws-e2e-secret/AbCdEf0123';
    await writeUserConfig(cli.scratch, { secretEnv: ['DATABASE_URL'], passEnv: ['GITHUB_TOKEN'] });
    await cli.startServer({
      apiKey: key,
      turns: [
        toolCallTurn([
          { id: 'env', name: 'shell', arguments: { command: 'env' } },
          { id: 'printenv', name: 'shell', arguments: { command: 'printenv ZAI_API_KEY; printenv' } },
          { id: 'self', name: 'shell', arguments: { command: "tr '\\0' '\\n' < /proc/self/environ" } },
          { id: 'parent', name: 'shell', arguments: { command: "tr '\\0' '\\n' < /proc/$PPID/environ" } },
          { id: 'background', name: 'shell', arguments: { command: 'env; sleep 0.2', background: true } },
        ]),
        toolCallTurn([{ id: 'wait', name: 'shell', arguments: { command: 'sleep 1' } }]),
        toolCallTurn([{ id: 'read-background', name: 'shell_output', arguments: { id: 'bg-1' } }]),
        toolCallTurn([
          { id: 'edit-test', name: 'write_file', arguments: { path: 'test.js', content: printEnvironment } },
        ]),
        textTurn('Done.'),
        // The check failed and its output came back: the model "fixes" the test.
        toolCallTurn([
          {
            id: 'fix-test',
            name: 'write_file',
            arguments: { path: 'test.js', content: "console.log('ok');\n" },
          },
        ]),
        textTurn('Fixed.'),
      ],
    });
    const result = await cli.runTask(
      ['--approval', 'full', '--json', '--check', 'node test.js', 'print the env'],
      {
        env: {
          ...cli.scratch.env,
          ZAI_API_KEY: key,
          GITHUB_TOKEN: token,
          DATABASE_URL: databaseUrl,
          AWS_SECRET_ACCESS_KEY: awsSecret,
          HARMLESS_SETTING: 'visible-value',
        },
      },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(finalResult(result.stdout)).toMatchObject({ status: 'finished', reason: 'done' });

    // The attacks ran and saw the scrubbed environment.
    const results = toolResults(result.stdout);
    const env = results.get('env')?.output ?? '';
    expect(env).toContain('HARMLESS_SETTING=visible-value');
    expect(env).toContain('GITHUB_TOKEN=[redacted]');
    for (const name of ['ZAI_API_KEY=', 'DATABASE_URL=', 'AWS_SECRET_ACCESS_KEY='])
      expect(env).not.toContain(name);
    expect(results.get('read-background')?.output).toContain('HARMLESS_SETTING=visible-value');
    const checks = parseJsonLines(result.stdout).filter((event) => event.type === 'check-end');
    expect(checks.map((event) => event.passed)).toEqual([false, true]);
    expect(String(checks[0]?.outputTail)).toContain('visible-value');
    expect(String(checks[0]?.outputTail)).not.toContain('"ZAI_API_KEY"');

    await expectNowhere([key, token, databaseUrl, awsSecret], result);
  });

  it('removes and scrubs a key named by apiKeyEnv', async () => {
    const key = 'gateway-e2e-key-4b8d2f';
    await writeUserConfig(cli.scratch, { apiKeyEnv: 'MODEL_GATEWAY' });
    const server = await cli.startServer({
      apiKey: key,
      turns: [
        toolCallTurn([
          { id: 'env', name: 'shell', arguments: { command: 'env; printenv MODEL_GATEWAY' } },
          {
            id: 'echo',
            name: 'shell',
            arguments: { command: "tr '\\0' '\\n' < /proc/$PPID/environ | grep MODEL" },
          },
        ]),
        textTurn('Done.'),
      ],
    });
    const result = await cli.runTask(['--approval', 'full', '--json', 'print the env'], {
      env: { ...cli.scratch.env, MODEL_GATEWAY: key },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    // The server accepted the key, so it was used for the requests.
    expect(server.requests.every((request) => request.headers.authorization === `Bearer ${key}`)).toBe(true);
    expect(toolResults(result.stdout).get('env')?.output).not.toContain('MODEL_GATEWAY');
    await expectNowhere([key], result);
  });

  it('keeps the key out of a check that prints it even when the model never sees the output', async () => {
    const key = 'zai-e2e-check-only-91c2';
    await writeFile(join(cli.repo, 'test.js'), 'console.log(process.env.ZAI_API_KEY ?? "no key");\n');
    await cli.startServer({ apiKey: key, turns: [textTurn('Nothing to do.')] });
    const result = await cli.runTask(['--approval', 'full', '--json', '--check', 'node test.js', 'check'], {
      env: { ...cli.scratch.env, ZAI_API_KEY: key },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const check = parseJsonLines(result.stdout).find((event) => event.type === 'check-end');
    expect(check?.outputTail).toBe('no key\n');
    await expectNowhere([key], result);
  });
});
