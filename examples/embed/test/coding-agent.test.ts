import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedServer } from '@wright/testing';
import { expect, it } from 'vitest';
import { runStartOffline } from '../../shared/run-start-offline.ts';
import { createGreetRepository, runCodingAgentExample } from '../coding-agent.ts';
import { greetScript } from '../greet-script.ts';

it('the coding-agent preset does what wright run does, against the scripted GLM server', async () => {
  const server = await startScriptedServer({ turns: greetScript });
  const root = await mkdtemp(join(tmpdir(), 'wright-preset-'));
  const directory = join(root, 'repo');
  try {
    await mkdir(directory);
    await writeFile(join(directory, 'AGENTS.md'), 'Use two spaces for indentation.\n');
    await createGreetRepository(directory);
    const output = await runCodingAgentExample({
      apiKey: 'test-key',
      baseUrl: server.baseUrl,
      directory,
      dataDirectory: join(root, 'data'),
    });
    expect(output.lines.slice(0, -1)).toEqual([
      'read_file → ok',
      'write_file → ok',
      'checkpoint: step 2',
      'shell → ok',
      'check passed',
    ]);
    expect(output.lines.at(-1)).toMatch(/^done after 4 steps, session \S+$/);
    expect(output).toMatchObject({ status: 'done', checkPassed: true });
    expect(await readFile(join(directory, 'src/greet.js'), 'utf8')).toBe(
      `export const greet = (name) => \`Hello, \${name}!\`;\n`,
    );
    // The coding system prompt, with the project's AGENTS.md, went to the model; the built-in tools were offered.
    const first = server.requests[0]?.body as {
      messages: { role: string; content: string }[];
      tools: { function: { name: string } }[];
    };
    expect(first.messages[0]?.content).toMatch(/^You are Wright, an autonomous coding agent/);
    expect(first.messages[0]?.content).toContain('Use two spaces for indentation.');
    expect(first.tools.map((tool) => tool.function.name)).toEqual(
      expect.arrayContaining([
        'read_file',
        'write_file',
        'edit_file',
        'apply_patch',
        'glob',
        'grep',
        'shell',
      ]),
    );
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});

it('pnpm start runs the preset offline and says so', async () => {
  const stdout = await runStartOffline(new URL('..', import.meta.url));
  expect(stdout).toMatch(/^OFFLINE \(scripted GLM server on 127\.0\.0\.1, no model is called\)/);
  expect(stdout).toMatch(/check passed\ndone after 4 steps, session \S+\n$/);
});
